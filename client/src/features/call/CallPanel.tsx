import { useEffect, useRef, useState, useSyncExternalStore } from 'react'
import type { Role } from '@nudge/shared'
import type { ChatCallClient } from '../../realtime/chatCallClient.ts'
import { CallEngine, sendsMedia, type PeerView, type Quality } from './engine.ts'
import { useSpeaking } from './speaking.ts'

const QUALITY_LABEL: Record<Quality, string> = { connecting: 'Connecting…', good: 'Good', poor: 'Poor connection', reconnecting: 'Reconnecting…' }
const isEditable = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName) || t.closest('.monaco-editor') !== null)

/**
 * The call, loaded only once someone presses "Join call" (or a reload re-joins). Video tiles
 * float over the room's corner; they can be collapsed to a bar with the controls.
 */
export default function CallPanel({ chat, self, onLeave }: { chat: ChatCallClient; self: { id: string; role: Role; name: string }; onLeave: () => void }) {
  const [engine] = useState(() => new CallEngine(chat, self))
  const snap = useSyncExternalStore(engine.subscribe, engine.getSnapshot)
  const [collapsed, setCollapsed] = useState(false)
  const [failed, setFailed] = useState<string | null>(null)
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([])

  useEffect(() => {
    engine.start().catch((err: unknown) => setFailed(err instanceof Error ? err.message : 'Could not join the call.'))
    return () => void engine.stop()
  }, [engine])
  useEffect(() => {
    if (!snap.local) return
    void navigator.mediaDevices.enumerateDevices().then(setDevices, () => {})
  }, [snap.local])
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isEditable(e.target) || !snap.local) return
      if (e.key === 'm' || e.key === 'M') engine.setMic(!snap.micOn)
      else if (e.key === 'v' || e.key === 'V') engine.setCam(!snap.camOn)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [engine, snap.local, snap.micOn, snap.camOn])

  const sender = sendsMedia(self.role)
  const mics = devices.filter((d) => d.kind === 'audioinput')
  const cams = devices.filter((d) => d.kind === 'videoinput')
  const current = (kind: 'audio' | 'video') => (kind === 'audio' ? snap.local?.getAudioTracks() : snap.local?.getVideoTracks())?.[0]?.getSettings().deviceId ?? ''

  return (
    <section className={`call-dock${collapsed ? ' collapsed' : ''}`} aria-label="Call" data-testid="call-panel">
      <div className="call-bar">
        <strong>Call</strong>
        <span className="call-count">{snap.peers.length + 1} in call</span>
        {sender && snap.local && (
          <>
            <button type="button" className="button small" aria-pressed={!snap.micOn} onClick={() => engine.setMic(!snap.micOn)} title="Mute or unmute (M)">
              {snap.micOn ? 'Mute' : 'Unmute'}
            </button>
            <button type="button" className="button small" aria-pressed={!snap.camOn} onClick={() => engine.setCam(!snap.camOn)} title="Camera on or off (V)">
              {snap.camOn ? 'Camera off' : 'Camera on'}
            </button>
          </>
        )}
        <button type="button" className="button small" onClick={() => setCollapsed(!collapsed)} aria-expanded={!collapsed}>
          {collapsed ? 'Show video' : 'Hide video'}
        </button>
        <button type="button" className="button small danger" onClick={onLeave}>
          Leave
        </button>
      </div>
      {failed && <p className="alert error" role="alert">{failed}</p>}
      {snap.mediaError && <p className="alert" role="status">{snap.mediaError}</p>}
      {!sender && <p className="call-hint">Observers listen and watch; they are not heard.</p>}
      {snap.joined && !snap.relay && snap.peers.some((p) => p.quality === 'connecting') && (
        <p className="call-hint">Still connecting? Calls across different networks need a TURN server (see docs/deploy.md).</p>
      )}
      <div className="call-tiles" hidden={collapsed}>
        {snap.local && <Tile stream={snap.local} label={`${self.name} (you)`} muted mirrored off={!snap.camOn} />}
        {snap.peers.map((p) => (
          <PeerTile key={`${p.member.id}:${p.member.session}`} peer={p} />
        ))}
      </div>
      {sender && snap.local && !collapsed && (mics.length > 1 || cams.length > 1) && (
        <div className="call-devices">
          {mics.length > 1 && (
            <label>
              Microphone
              <select value={current('audio')} onChange={(e) => void engine.switchDevice('audio', e.target.value)}>
                {mics.map((d, i) => <option key={d.deviceId} value={d.deviceId}>{d.label || `Microphone ${i + 1}`}</option>)}
              </select>
            </label>
          )}
          {cams.length > 1 && (
            <label>
              Camera
              <select value={current('video')} onChange={(e) => void engine.switchDevice('video', e.target.value)}>
                {cams.map((d, i) => <option key={d.deviceId} value={d.deviceId}>{d.label || `Camera ${i + 1}`}</option>)}
              </select>
            </label>
          )}
        </div>
      )}
    </section>
  )
}

function PeerTile({ peer }: { peer: PeerView }) {
  const hasVideo = peer.stream.getVideoTracks().length > 0
  return (
    <Tile stream={peer.stream} label={`${peer.member.name} (${peer.member.role})`} quality={peer.quality} off={!hasVideo} />
  )
}

function Tile({ stream, label, muted = false, mirrored = false, off = false, quality }: { stream: MediaStream; label: string; muted?: boolean; mirrored?: boolean; off?: boolean; quality?: Quality }) {
  const ref = useRef<HTMLVideoElement>(null)
  const speaking = useSpeaking(stream)
  useEffect(() => {
    if (ref.current && ref.current.srcObject !== stream) ref.current.srcObject = stream
  }, [stream])
  return (
    <figure className={`call-tile${speaking ? ' speaking' : ''}`} data-testid="call-tile">
      <video ref={ref} autoPlay playsInline muted={muted} className={mirrored ? 'mirrored' : undefined} hidden={off} />
      {off && <div className="call-tile-off" aria-hidden="true">{label.slice(0, 1)}</div>}
      <figcaption>
        {speaking && <span className="visually-hidden">Speaking: </span>}
        {label}
        {quality && <span className={`call-quality q-${quality}`}>{QUALITY_LABEL[quality]}</span>}
      </figcaption>
    </figure>
  )
}
