import { Alert, Anchor, Group, MultiSelect, SimpleGrid, Stack, Text } from '@mantine/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useCameras } from '../api/cameras.js';
import { may, useSignedIn } from '../auth/me-context.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { FullPageLoader } from '../components/FullPage.js';
import { PageTitle } from '../components/PageTitle.js';
import { AddToCaseModal } from '../cases/AddToCaseModal.js';
import { ReportFromPlayback } from '../incidents/ReportFromPlayback.js';
import { currentLang } from '../i18n/index.js';
import { useTimelines } from './api.js';
import { ClipModal } from './ClipModal.js';
import { DayField } from './DayField.js';
import { PlaybackControls } from './PlaybackControls.js';
import { PlayerTile } from './PlayerTile.js';
import { REASON_LABELS } from './reasons.js';
import { ReasonModal } from './ReasonModal.js';
import { SelectionBar } from './SelectionBar.js';
import { MAX_CAMERAS } from './sync.js';
import { Timeline } from './Timeline.js';
import { TimelineToolbar } from './TimelineToolbar.js';
import { type TimeRange, clampView, panBy } from './timeline-scale.js';
import { usePlaybackGroup } from './use-playback-group.js';
import { usePlaybackKeys } from './use-playback-keys.js';
import { useViewing } from './use-viewing.js';
import { DAY_MS, formatVnClock, formatVnDate, isoDay, parseIsoDay, vnDayStart } from './vn-time.js';

/** Today opens on the last hour (what a guard usually looks for); another day opens whole. */
function firstView(day: TimeRange, nowMs: number): TimeRange {
  if (nowMs < day.startMs || nowMs >= day.endMs) return day;
  return clampView({ startMs: nowMs - 55 * 60_000, endMs: nowMs + 5 * 60_000 }, day);
}

/**
 * Playback (issue 5): cameras and a day, the timeline of what was recorded, up to four cameras
 * played in step from any instant, and a clip of a selected range for those allowed (R2.3). The
 * reason is asked once per session of viewing (R3.1) and shown under the player.
 */
export function PlaybackPage() {
  const { t } = useTranslation();
  const me = useSignedIn();
  const cameras = useCameras();
  const [params, setParams] = useSearchParams();
  const [nowMs, setNowMs] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNowMs(Date.now()), 5000);
    return () => clearInterval(timer);
  }, []);

  const dayStartMs = parseIsoDay(params.get('day')) ?? vnDayStart(nowMs);
  const day = useMemo(() => ({ startMs: dayStartMs, endMs: dayStartMs + DAY_MS }), [dayStartMs]);
  const chosenText = params.get('cameras') ?? '';
  // The cameras asked for in the address, among those this user may see (R8.1), at most four.
  const cameraIds = useMemo(() => {
    const known = new Set((cameras.data ?? []).map((c) => c.id));
    return chosenText.split(',').map(Number).filter((id) => known.has(id)).slice(0, MAX_CAMERAS);
  }, [chosenText, cameras.data]);
  const nameOf = (id: number) => cameras.data?.find((c) => c.id === id)?.name ?? `#${id}`;

  const viewing = useViewing(me.user.username, cameraIds);
  const group = usePlaybackGroup(cameraIds, day.startMs, viewing);
  const timelines = useTimelines(cameraIds, day, nowMs < day.endMs);
  const [view, setView] = useState<TimeRange>(() => firstView(day, nowMs));
  const [selection, setSelection] = useState<TimeRange | null>(null);
  const [selecting, setSelecting] = useState(false);
  const [clipOpen, setClipOpen] = useState(false);
  const [addingToCase, setAddingToCase] = useState(false);
  useEffect(() => {
    setView(firstView(day, Date.now()));
    setSelection(null);
  }, [day]);

  const playhead = group.state.clockMs;
  // Playing past the right edge: the view follows.
  useEffect(() => {
    if (playhead === null || !group.state.playing) return;
    const span = view.endMs - view.startMs;
    if (playhead > view.endMs - span * 0.03 && playhead < view.endMs + span) setView((v) => panBy(v, span * 0.7, day));
  }, [playhead, group.state.playing, view, day]);

  const seek = useCallback((ms: number) => group.seek(Math.min(Math.max(ms, day.startMs), day.endMs - 1000)), [group, day]);
  usePlaybackKeys({ group, enabled: cameraIds.length > 0 && !viewing.asking && !clipOpen && !addingToCase });

  const setQuery = (change: { cameras?: number[]; day?: number }) => {
    const next = new URLSearchParams(params);
    if (change.cameras) next.set('cameras', change.cameras.join(','));
    if (change.day !== undefined) next.set('day', isoDay(change.day));
    setParams(next, { replace: true });
  };

  if (cameras.isPending) return <FullPageLoader inline />;
  if (cameras.isError) return <ErrorAlert error={cameras.error} />;
  const lang = currentLang();
  const lanes = cameraIds.map((id, i) => ({
    cameraId: id, name: nameOf(id), spans: timelines[i]?.data?.spans ?? [], gaps: timelines[i]?.data?.gaps ?? [], held: timelines[i]?.data?.held ?? [],
  }));
  const timelineError = timelines.find((q) => q.isError)?.error;
  const mayClip = may(me, 'footage.clip');
  const mayCase = may(me, 'case.manage');
  const v = viewing.viewing;

  return (
    <Stack gap="md">
      <PageTitle title={t('playback.title')}>{t('playback.intro')}</PageTitle>
      <Group align="flex-start" gap="md" wrap="wrap">
        <MultiSelect
          label={t('playback.cameras')} placeholder={cameraIds.length < MAX_CAMERAS ? t('playback.camerasPlaceholder') : undefined}
          data={(cameras.data ?? []).map((c) => ({ value: String(c.id), label: c.name }))} value={cameraIds.map(String)}
          onChange={(ids) => setQuery({ cameras: ids.map(Number) })} maxValues={MAX_CAMERAS} searchable clearable
          nothingFoundMessage={t('playback.noMatch')} style={{ flex: '1 1 280px' }} maw={640} data-testid="camera-picker"
          description={t('playback.camerasMax', { count: MAX_CAMERAS })} comboboxProps={{ withinPortal: true }}
        />
        <DayField dayStartMs={day.startMs} nowMs={nowMs} onDay={(d) => setQuery({ day: d })} />
      </Group>
      {(cameras.data ?? []).length === 0 && <Text c="dimmed">{t('playback.noCameras')}</Text>}
      {cameraIds.length === 0 && (cameras.data ?? []).length > 0 && <Alert variant="light" color="blue">{t('playback.pickCamera')}</Alert>}
      {cameraIds.length > 0 && (
        <>
          {/* The video never pushes the timeline out of sight: at most about half the screen high. */}
          <SimpleGrid
            cols={{ base: 1, sm: cameraIds.length > 1 ? 2 : 1 }} spacing="xs" w="100%" mx="auto"
            maw={cameraIds.length > 2 ? 'calc(100vh * 16 / 9 * 0.45)' : `min(${cameraIds.length > 1 ? 1600 : 960}px, calc(100vh * 16 / 9 * ${cameraIds.length > 1 ? 0.9 : 0.45}))`}
          >
            {cameraIds.map((id) => (
              <PlayerTile
                key={`${id}-${day.startMs}`} cameraId={id} name={nameOf(id)} snapshot={group.state.players[id]} attach={group.attach}
                needReason={v === null} onGiveReason={() => void viewing.change().catch(() => undefined)}
              />
            ))}
          </SimpleGrid>
          <Group justify="center" gap="md" wrap="wrap">
            <Stack gap={0} align="center">
              <Text ff="monospace" fz={{ base: 24, sm: 28 }} fw={700} lh={1.1} data-testid="playback-clock" data-wall-ms={playhead === null ? undefined : Math.round(playhead)}>
                {playhead === null ? '--:--:--' : formatVnClock(playhead)}
              </Text>
              <Text size="xs" c="dimmed">{playhead === null ? t('playback.clickTimeline') : formatVnDate(playhead)}</Text>
            </Stack>
            <PlaybackControls
              playing={group.state.playing} speed={group.state.speed} disabled={playhead === null}
              onPlay={group.play} onPause={group.pause} onStep={group.step} onJump={group.jump} onSpeed={group.setSpeed}
            />
            {may(me, 'incident.report') && <ReportFromPlayback cameraIds={cameraIds} cameras={cameras.data ?? []} atMs={playhead} />}
          </Group>
          <Text size="sm" ta="center" data-testid="viewing-reason">
            {v
              ? <>{t('playback.reason.shown', { label: REASON_LABELS[v.reasonCode][lang], text: v.reasonText })} · {t('playback.reason.until', { time: formatVnClock(v.expiresAt, false) })}{' '}
                  <Anchor component="button" type="button" size="sm" onClick={() => void viewing.change().catch(() => undefined)}>{t('playback.reason.change')}</Anchor></>
              : <Anchor component="button" type="button" size="sm" onClick={() => void viewing.change().catch(() => undefined)}>{t('playback.player.giveReason')}</Anchor>}
          </Text>
          <Stack gap={6}>
            <TimelineToolbar
              view={view} bounds={day} playheadMs={playhead} onView={setView} mayClip={mayClip}
              selecting={selecting} onSelecting={setSelecting} selection={selection} onSelection={setSelection}
            />
            <Timeline
              lanes={lanes} bounds={day} view={view} onView={setView} nowMs={nowMs} playheadMs={playhead}
              selection={selection} onSelection={setSelection} selecting={selecting} onSeek={seek}
            />
            <ErrorAlert error={timelineError} />
            {selection && (mayClip || mayCase) && (
              <SelectionBar
                selection={selection} mayClip={mayClip} onClip={() => setClipOpen(true)} onClear={() => setSelection(null)}
                onAddToCase={mayCase ? () => setAddingToCase(true) : undefined}
              />
            )}
          </Stack>
        </>
      )}
      <ReasonModal
        opened={viewing.asking} cameraNames={cameraIds.map(nameOf)}
        onSubmit={(code, text) => viewing.submit(code, text)} onCancel={viewing.cancel}
      />
      {selection && mayCase && (
        <AddToCaseModal opened={addingToCase} range={selection} cameraIds={cameraIds} cameras={cameras.data ?? []} onClose={() => setAddingToCase(false)} />
      )}
      {selection && mayClip && (
        <ClipModal
          opened={clipOpen} range={selection} onClose={() => setClipOpen(false)}
          cameras={cameraIds.map((id) => ({ id, name: nameOf(id), sourceCodec: group.state.players[id]?.sourceCodec ?? null }))}
        />
      )}
    </Stack>
  );
}
