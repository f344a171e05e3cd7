import { useEffect, useRef, useState, useSyncExternalStore, type CSSProperties, type ReactNode } from 'react'
import type { Role } from '@nudge/shared'
import type { ChatCallClient } from '../../realtime/chatCallClient.ts'
import { CallEngine, type PeerView, type Quality } from './engine.ts'
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
  const dock = useDraggable()
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

  const sender = snap.sending
  const hasCamera = (snap.local?.getVideoTracks().length ?? 0) > 0
  const interviewer = self.role === 'interviewer'
  const [speakerError, setSpeakerError] = useState<string | null>(null)
  const toggleSpeaker = (id: string, allowed: boolean) =>
    chat.setSpeaker(id, allowed).then(() => setSpeakerError(null), (err: unknown) => setSpeakerError(err instanceof Error ? err.message : 'Could not change who may speak.'))
  const mics = devices.filter((d) => d.kind === 'audioinput')
  const cams = devices.filter((d) => d.kind === 'videoinput')
  const current = (kind: 'audio' | 'video') => (kind === 'audio' ? snap.local?.getAudioTracks() : snap.local?.getVideoTracks())?.[0]?.getSettings().deviceId ?? ''

  return (
    <section ref={dock.ref} className={`call-dock${collapsed ? ' collapsed' : ''}`} style={dock.style} aria-label="Call" data-testid="call-panel">
      <div className="call-bar">
        <button type="button" className="call-handle" {...dock.handle} title="Drag (or use the arrow keys) to move the call out of the way" aria-label="Move the call panel">
          ⠿
        </button>
        <strong>Call</strong>
        <span className="call-count">{snap.peers.length + 1} in call</span>
        {sender && snap.local && (
          <>
            <button type="button" className="button small" aria-pressed={!snap.micOn} onClick={() => engine.setMic(!snap.micOn)} title="Mute or unmute (M)">
              {snap.micOn ? 'Mute' : 'Unmute'}
            </button>
            {hasCamera && (
              <button type="button" className="button small" aria-pressed={!snap.camOn} onClick={() => engine.setCam(!snap.camOn)} title="Camera on or off (V)">
                {snap.camOn ? 'Camera off' : 'Camera on'}
              </button>
            )}
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
      {self.role === 'observer' && (
        <p className="call-hint" role="status">
          {sender ? 'The interviewer lets you speak: the others hear your microphone.' : 'Observers listen and watch; they are heard only if the interviewer lets them speak.'}
        </p>
      )}
      {speakerError && <p className="alert error" role="alert">{speakerError}</p>}
      {snap.joined && !snap.relay && snap.peers.some((p) => p.quality === 'connecting') && (
        <p className="call-hint">Still connecting? Calls across different networks need a TURN server (see docs/deploy.md).</p>
      )}
      <div className="call-tiles" hidden={collapsed}>
        {snap.local && <Tile stream={snap.local} label={`${self.name} (you)`} muted mirrored off={!snap.camOn} />}
        {snap.peers.map((p) => (
          <PeerTile
            key={`${p.member.id}:${p.member.session}`}
            peer={p}
            // An observer is heard only while allowed: the others stop playing their audio at once.
            silenced={p.member.role === 'observer' && !snap.speakers.includes(p.member.id)}
            speaker={interviewer && p.member.role === 'observer' ? { allowed: snap.speakers.includes(p.member.id), toggle: (on) => void toggleSpeaker(p.member.id, on) } : undefined}
          />
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

function PeerTile({ peer, silenced, speaker }: { peer: PeerView; silenced: boolean; speaker?: { allowed: boolean; toggle: (on: boolean) => void } }) {
  const hasVideo = peer.stream.getVideoTracks().length > 0
  const label = `${peer.member.name} (${peer.member.role})`
  return (
    <Tile stream={peer.stream} label={label} quality={peer.quality} off={!hasVideo} muted={silenced}>
      {speaker && (
        <button type="button" className="button small ghost" aria-pressed={speaker.allowed} onClick={() => speaker.toggle(!speaker.allowed)}>
          {speaker.allowed ? `Mute ${peer.member.name}` : `Let ${peer.member.name} speak`}
        </button>
      )}
    </Tile>
  )
}

function Tile({ stream, label, muted = false, mirrored = false, off = false, quality, children }: { stream: MediaStream; label: string; muted?: boolean; mirrored?: boolean; off?: boolean; quality?: Quality; children?: ReactNode }) {
  const ref = useRef<HTMLVideoElement>(null)
  const speaking = useSpeaking(stream)
  useEffect(() => {
    if (ref.current && ref.current.srcObject !== stream) ref.current.srcObject = stream
  }, [stream])
  useEffect(() => {
    // React does not keep the `muted` property in sync on updates; set it directly.
    if (ref.current) ref.current.muted = muted
  }, [muted])
  const canPip = !off && !muted && typeof document !== 'undefined' && document.pictureInPictureEnabled
  return (
    <figure className={`call-tile${speaking ? ' speaking' : ''}`} data-testid="call-tile">
      <video ref={ref} autoPlay playsInline muted={muted} className={mirrored ? 'mirrored' : undefined} hidden={off} />
      {off && <div className="call-tile-off" aria-hidden="true">{label.slice(0, 1)}</div>}
      <figcaption>
        {speaking && <span className="visually-hidden">Speaking: </span>}
        {label}
        {quality && <span className={`call-quality q-${quality}`}>{QUALITY_LABEL[quality]}</span>}
      </figcaption>
      {(children || canPip) && (
        <div className="call-tile-actions">
          {canPip && (
            <button type="button" className="button small ghost" onClick={() => void ref.current?.requestPictureInPicture().catch(() => {})} title="Pop the video out into its own small window">
              Pop out
            </button>
          )}
          {children}
        </div>
      )}
    </figure>
  )
}

/**
 * The dock floats over the room; its handle drags it anywhere in the window (or arrow keys move it
 * 24 px at a time), so it never has to cover the editor.
 */
function useDraggable() {
  const ref = useRef<HTMLElement>(null)
  const [pos, setPos] = useState<{ x: number; y: number } | null>(null)
  const clamp = (x: number, y: number) => {
    const el = ref.current
    const w = el?.offsetWidth ?? 0
    const h = el?.offsetHeight ?? 0
    return { x: Math.min(Math.max(0, x), Math.max(0, window.innerWidth - w)), y: Math.min(Math.max(0, y), Math.max(0, window.innerHeight - h)) }
  }
  const start = () => {
    const r = ref.current?.getBoundingClientRect()
    return r ? { x: r.left, y: r.top } : { x: 0, y: 0 }
  }
  const handle = {
    onPointerDown: (e: React.PointerEvent<HTMLButtonElement>) => {
      const origin = start()
      const dx = e.clientX - origin.x
      const dy = e.clientY - origin.y
      const target = e.currentTarget
      target.setPointerCapture(e.pointerId)
      const move = (ev: PointerEvent) => setPos(clamp(ev.clientX - dx, ev.clientY - dy))
      const up = () => {
        target.removeEventListener('pointermove', move)
        target.removeEventListener('pointerup', up)
        target.removeEventListener('pointercancel', up)
      }
      target.addEventListener('pointermove', move)
      target.addEventListener('pointerup', up)
      target.addEventListener('pointercancel', up)
    },
    onKeyDown: (e: React.KeyboardEvent<HTMLButtonElement>) => {
      const step: Record<string, [number, number]> = { ArrowLeft: [-24, 0], ArrowRight: [24, 0], ArrowUp: [0, -24], ArrowDown: [0, 24] }
      const d = step[e.key]
      if (!d) return
      e.preventDefault()
      const p = pos ?? start()
      setPos(clamp(p.x + d[0], p.y + d[1]))
    },
  }
  const style: CSSProperties | undefined = pos ? { left: pos.x, top: pos.y, right: 'auto', bottom: 'auto' } : undefined
  return { ref, handle, style }
}
