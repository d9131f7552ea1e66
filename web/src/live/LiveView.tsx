import { Loader } from '@mantine/core';
import { IconAlertTriangle, IconLock, IconVideoOff } from '@tabler/icons-react';
import { type HTMLAttributes, type ReactNode, type Ref, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { CameraRow } from '../api/cameras.js';
import { currentLang } from '../i18n/index.js';
import { formatDateTime } from '../lib/time.js';
import type { LiveStream } from './live-player.js';
import classes from './live.module.css';
import { type TileView, isH265, tileView } from './tile-state.js';
import { useLiveStream } from './use-live-stream.js';

interface LiveViewProps extends HTMLAttributes<HTMLDivElement> {
  camera: CameraRow;
  stream: LiveStream;
  /** Stream while true (on screen, tab shown); closed a little after it turns false. */
  wanted: boolean;
  tileRef?: Ref<HTMLDivElement>;
  /** A control in the top bar (full screen, or leave it). */
  action?: ReactNode;
}

/** One camera's live picture with its name, state and why — never a black picture without a reason. */
export function LiveView({ camera, stream, wanted, tileRef, action, className, ...rest }: LiveViewProps) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const player = useLiveStream(video, camera.id, stream, wanted && camera.enabled);
  const view = tileView(camera, player, currentLang());
  return (
    <div
      ref={tileRef} className={`${classes.tile} ${view.state === 'offline' ? classes.offline : ''} ${className ?? ''}`}
      data-camera={camera.name} data-state={view.state} data-stream={stream} {...rest}
    >
      <video ref={video} className={classes.video} muted playsInline autoPlay disablePictureInPicture aria-hidden data-live-video={camera.id} />
      <div className={classes.top}>
        <span className={classes.name} title={`${camera.name} — ${camera.location}`}>{camera.name}</span>
        {view.state === 'live' && <span className={classes.pill} data-testid="live-dot"><span className={classes.liveDot} />{t('live.state.live')}</span>}
        {action}
      </div>
      {view.state !== 'live' && <Veil view={view} />}
      <div className={classes.bottom}>
        <Recording recording={view.recording} />
        {isH265(camera) && (
          <span className={`${classes.pill} ${classes.codec}`} title={t('live.transcodedHint')} data-testid="transcoded">
            H.265 · {t('live.transcoded')}
          </span>
        )}
        <span className={`${classes.hideSmall} ${classes.location}`}>{camera.location}</span>
      </div>
    </div>
  );
}

function Recording({ recording }: { recording: boolean | null }) {
  const { t } = useTranslation();
  if (recording === null) return null;
  return (
    <span className={classes.pill} style={{ color: recording ? '#8ce99a' : '#ffa8a8' }} data-recording={recording}>
      <span className={classes.dot} />
      {recording ? t('live.recording') : t('live.notRecording')}
    </span>
  );
}

const WAITING = new Set<TileView['state']>(['connecting', 'stalled', 'reconnecting']);

/** Over a tile without a picture: what is happening, since when, and why. */
function Veil({ view }: { view: TileView }) {
  const { t } = useTranslation();
  const since = view.sinceMs === null ? null : formatDateTime(view.sinceMs);
  const title = view.state === 'offline' && since ? t('live.offlineSince', { time: since })
    : view.state === 'reconnecting' && since ? t('live.reconnectingSince', { time: since })
    : t(`live.state.${view.state}`);
  const hint = view.state === 'unsupported' ? t('live.unsupportedHint') : view.state === 'disabled' ? t('live.disabledHint') : null;
  const reason = view.state === 'connecting' ? null : (view.reason ?? hint);
  const icon = WAITING.has(view.state) ? <Loader color="gray.4" size="sm" type="dots" />
    : view.state === 'refused' ? <IconLock size={26} />
    : view.state === 'unsupported' ? <IconAlertTriangle size={26} color="#ffd43b" />
    : <IconVideoOff size={26} color={view.state === 'offline' ? '#ff8787' : undefined} />;
  return (
    <div className={classes.veil} role="status">
      <span className={classes.hideSmall}>{icon}</span>
      <div className={classes.veilTitle} data-testid="tile-title">{title}</div>
      {reason && <div className={classes.veilReason} data-testid="tile-reason">{reason}</div>}
    </div>
  );
}
