import { Alert, Button, Card, Grid, Group, Progress, Stack, Text, Title } from '@mantine/core';
import { IconDeviceFloppy, IconFaceId, IconMovie } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { formatVnDateTime } from '../playback/vn-time.js';
import { COMPLAINTS_KEY, complaintsApi, redactedUrl, sourceUrl, useRedactionClip } from './api.js';
import { ClipStateBadge } from './Badges.js';
import { BoxList, ProposalList } from './BoxList.js';
import { useComplaintsT } from './i18n.js';
import { RedactionCanvas } from './RedactionCanvas.js';
import { sameBoxes } from './redaction-boxes.js';
import type { RedactionBox, RedactionClip } from './shared.js';

const keyOf = (b: RedactionBox) => `${b.x}:${b.y}:${b.w}:${b.h}:${b.startS}:${b.endS}`;

/**
 * R3.3: the redaction of one clip — rectangles drawn over the unredacted cut (leadership only) or
 * proposed by face detection, saved, then rendered by the server with progress, and the result
 * played back to check before it is released with the answer.
 */
export function RedactionEditor({ complaintId, initial, editable }: { complaintId: number; initial: RedactionClip; editable: boolean }) {
  const tc = useComplaintsT();
  const client = useQueryClient();
  const clip = useRedactionClip(complaintId, initial.id, initial).data;
  const video = useRef<HTMLVideoElement>(null);
  const [atS, setAtS] = useState(0);
  const [boxes, setBoxes] = useState<RedactionBox[]>(clip.boxes);
  const [selected, setSelected] = useState<number | null>(null);
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const busy = clip.state === 'detecting' || clip.state === 'rendering';
  const proposals = clip.proposals.filter((p) => !dismissed.has(keyOf(p)) && !boxes.some((b) => keyOf(b) === keyOf(p)));
  // Accepting or discarding a proposal is a change to save too: the server keeps only those still to review.
  const dirty = !sameBoxes(boxes, clip.boxes) || proposals.length !== clip.proposals.length;

  // When detection or rendering ends, the complaint is read again (its clips, for the answer).
  const wasBusy = useRef(busy);
  useEffect(() => {
    if (wasBusy.current && !busy) void client.invalidateQueries({ queryKey: COMPLAINTS_KEY });
    wasBusy.current = busy;
  }, [busy, client]);

  const set = (next: RedactionClip) => client.setQueryData([...COMPLAINTS_KEY, 'clip', complaintId, next.id], next);
  const save = async (): Promise<RedactionClip> => {
    const saved = await complaintsApi.saveBoxes(complaintId, clip.id, boxes, proposals);
    set(saved);
    setBoxes(saved.boxes);
    return saved;
  };
  const saving = useMutation({ mutationFn: save, onSuccess: () => client.invalidateQueries({ queryKey: COMPLAINTS_KEY }) });
  const detect = useMutation({ mutationFn: async () => set(await complaintsApi.detect(complaintId, clip.id)) });
  const render = useMutation({
    mutationFn: async () => {
      if (dirty) await save();
      set(await complaintsApi.render(complaintId, clip.id));
    },
  });

  const dismiss = (ps: readonly RedactionBox[]) => setDismissed(new Set([...dismissed, ...ps.map(keyOf)]));
  const seek = useCallback((s: number) => {
    if (video.current) video.current.currentTime = s;
    setAtS(s);
  }, []);
  const drawn = (box: RedactionBox) => {
    setBoxes([...boxes, box]);
    setSelected(boxes.length);
  };
  const aspect = clip.width > 0 && clip.height > 0 ? clip.width / clip.height : 16 / 9;
  const durationS = clip.durationS > 0 ? clip.durationS : (video.current?.duration ?? 0);
  const progress = Math.round(Math.min(1, Math.max(0, clip.progress)) * 100);
  return (
    <Card withBorder radius="md" padding="sm" data-testid="redaction-editor" data-clip-state={clip.state} data-rendered={String(clip.rendered)}>
      <Stack gap="sm">
        <Group justify="space-between" gap="xs" wrap="wrap">
          <div style={{ minWidth: 0 }}>
            <Title order={3} fz="md">{tc('editor.title', { camera: clip.cameraName, id: clip.id })}</Title>
            <Text size="xs" c="dimmed">{formatVnDateTime(clip.fromMs)} – {formatVnDateTime(clip.toMs)}</Text>
          </div>
          <ClipStateBadge clip={clip} />
        </Group>
        {editable && <Text size="sm" c="dimmed">{tc('editor.howTo')}</Text>}
        <Grid gutter="sm">
          <Grid.Col span={{ base: 12, md: 8 }}>
            <RedactionCanvas
              src={sourceUrl(complaintId, clip.id)} videoRef={video} aspect={aspect} durationS={durationS} atS={atS} onTime={setAtS}
              boxes={boxes} proposals={proposals} selected={selected} onDraw={editable && !busy ? drawn : null}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Stack gap="xs">
              <ProposalList
                proposals={proposals} onSeek={seek}
                onAccept={(i) => { const p = proposals[i]; if (p) setBoxes([...boxes, p]); }}
                onDiscard={(i) => { const p = proposals[i]; if (p) dismiss([p]); }}
                onAcceptAll={() => setBoxes([...boxes, ...proposals])} onDiscardAll={() => dismiss(proposals)}
              />
              <BoxList
                boxes={boxes} durationS={durationS} atS={atS} selected={selected} editable={editable && !busy} onSelect={setSelected} onSeek={seek}
                onChange={(i, b) => setBoxes(boxes.map((x, j) => (j === i ? b : x)))}
                onDelete={(i) => { setBoxes(boxes.filter((_, j) => j !== i)); setSelected(null); }}
              />
            </Stack>
          </Grid.Col>
        </Grid>
        {busy && (
          <Stack gap={4} data-testid="clip-progress">
            <Text size="sm">{clip.state === 'detecting' ? tc('editor.detecting') : tc('editor.rendering')} {progress}%</Text>
            <Progress value={progress} animated striped size="lg" />
          </Stack>
        )}
        {clip.state === 'failed' && <Alert color="red" variant="light" title={tc('editor.failed')}>{clip.error}</Alert>}
        <ErrorAlert error={saving.error ?? detect.error ?? render.error} />
        {editable && (
          <Group gap="xs" wrap="wrap">
            <Button variant="light" leftSection={<IconFaceId size={18} />} onClick={() => detect.mutate()} loading={detect.isPending} disabled={busy} data-testid="detect-faces">
              {tc('editor.detect')}
            </Button>
            <Button variant="default" leftSection={<IconDeviceFloppy size={18} />} onClick={() => saving.mutate()} loading={saving.isPending} disabled={!dirty || busy} data-testid="boxes-save">
              {dirty ? tc('editor.save') : tc('editor.saved')}
            </Button>
            <Button leftSection={<IconMovie size={18} />} onClick={() => render.mutate()} loading={render.isPending} disabled={busy || boxes.length === 0} data-testid="render-clip">
              {tc('editor.render')}
            </Button>
          </Group>
        )}
        {clip.state === 'rendered' && clip.rendered && !dirty && (
          <Stack gap={4} data-testid="redacted-result">
            <Text size="sm" fw={600}>{tc('editor.result')}</Text>
            <video
              controls preload="metadata" src={redactedUrl(complaintId, clip.id, clip.renderedSha256)} data-testid="redacted-video"
              style={{ width: '100%', maxWidth: 720, aspectRatio: String(aspect), background: 'black', borderRadius: 4 }}
            />
          </Stack>
        )}
        {clip.state === 'rendered' && dirty && <Text size="sm" c="orange">{tc('editor.renderAgain')}</Text>}
      </Stack>
    </Card>
  );
}
