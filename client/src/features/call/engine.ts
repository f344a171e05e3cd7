import type { CallConfig, CallMember, CallSignal, Role } from '@nudge/shared'
import type { CallListener, ChatCallClient } from '../../realtime/chatCallClient.ts'

export type Quality = 'connecting' | 'good' | 'poor' | 'reconnecting'

export interface PeerView {
  member: CallMember
  stream: MediaStream
  quality: Quality
}

export interface CallSnapshot {
  joined: boolean
  local: MediaStream | null
  /** Why there is no local media (refused, no device); the call still receives. */
  mediaError: string | null
  micOn: boolean
  camOn: boolean
  peers: PeerView[]
  relay: boolean
}

interface Peer {
  member: CallMember
  pc: RTCPeerConnection
  polite: boolean
  makingOffer: boolean
  ignoreOffer: boolean
  stream: MediaStream
  quality: Quality
  audio: RTCRtpSender | null
  video: RTCRtpSender | null
}

/** Only the candidate and the interviewer send; observers receive (issue #21). */
export const sendsMedia = (role: Role): boolean => role !== 'observer'

/**
 * A mesh of RTCPeerConnections, one per other participant in the call, negotiated with the
 * "perfect negotiation" pattern (W3C WebRTC §10.7): either side may offer at any time; on a
 * collision the impolite peer ignores the incoming offer and the polite one rolls back. Which
 * side is polite is decided by comparing participant ids, so both ends agree without talking.
 */
export class CallEngine implements CallListener {
  private readonly peers = new Map<string, Peer>()
  private snapshot: CallSnapshot
  private readonly listeners = new Set<() => void>()
  private config: CallConfig = { iceServers: [], relay: false, expiresAt: null }
  private statsTimer = 0
  private stopped = false

  constructor(
    private readonly chat: ChatCallClient,
    private readonly self: { id: string; role: Role },
    private readonly rtc: { policy?: RTCIceTransportPolicy } = {},
  ) {
    this.snapshot = { joined: false, local: null, mediaError: null, micOn: true, camOn: true, peers: [], relay: false }
  }

  subscribe = (l: () => void) => {
    this.listeners.add(l)
    return () => this.listeners.delete(l)
  }
  getSnapshot = () => this.snapshot
  private emit(patch: Partial<CallSnapshot> = {}) {
    this.snapshot = { ...this.snapshot, ...patch, peers: [...this.peers.values()].map((p) => ({ member: p.member, stream: p.stream, quality: p.quality })) }
    for (const l of this.listeners) l()
  }

  /** Gets the camera and microphone (senders only), then joins the call's roster. */
  async start(devices: { audio?: string; video?: string } = {}) {
    if (sendsMedia(this.self.role)) await this.openMedia(devices)
    this.config = await this.chat.callConfig()
    this.chat.attachCall(this)
    await this.join()
    this.statsTimer = window.setInterval(() => void this.measure(), 2000)
  }

  private async join() {
    const { members } = await this.chat.joinCall()
    if (this.stopped) return
    for (const m of members) this.ensurePeer(m)
    this.emit({ joined: true, relay: this.config.relay })
  }

  private async openMedia(devices: { audio?: string; video?: string }) {
    const want = (id?: string): MediaTrackConstraints | boolean => (id ? { deviceId: { exact: id } } : true)
    try {
      const local = await navigator.mediaDevices.getUserMedia({ audio: want(devices.audio), video: want(devices.video) })
      this.emit({ local, mediaError: null })
    } catch (first) {
      // No camera (or it is refused) but a microphone: talk without video.
      try {
        const local = await navigator.mediaDevices.getUserMedia({ audio: want(devices.audio) })
        this.emit({ local, camOn: false, mediaError: 'No camera available: you are in the call with audio only.' })
      } catch {
        this.emit({ local: null, mediaError: mediaErrorText(first) })
      }
    }
  }

  private ensurePeer(member: CallMember): Peer {
    const existing = this.peers.get(member.id)
    // Same participant, new connection (a reload): the old peer connection's other end is gone.
    if (existing && existing.member.session === member.session) return existing
    if (existing) this.closePeer(existing)
    const pc = new RTCPeerConnection({ iceServers: this.config.iceServers, ...(this.rtc.policy ? { iceTransportPolicy: this.rtc.policy } : {}) })
    const peer: Peer = {
      member, pc, polite: this.self.id < member.id, makingOffer: false, ignoreOffer: false,
      stream: new MediaStream(), quality: 'connecting', audio: null, video: null,
    }
    this.peers.set(member.id, peer)
    const send = (signal: CallSignal) => void this.chat.signal(member, signal).catch(() => {})
    pc.onicecandidate = ({ candidate }) => send({ kind: 'candidate', candidate: candidate ? candidate.toJSON() as never : null })
    pc.onnegotiationneeded = async () => {
      try {
        peer.makingOffer = true
        await pc.setLocalDescription()
        if (pc.localDescription) send({ kind: 'description', description: { type: pc.localDescription.type as 'offer', sdp: pc.localDescription.sdp } })
      } catch {
        // A failed offer is retried by the next negotiationneeded or ICE restart.
      } finally {
        peer.makingOffer = false
      }
    }
    pc.ontrack = ({ track }) => {
      peer.stream.addTrack(track)
      track.onended = () => peer.stream.removeTrack(track)
      this.emit()
    }
    pc.onconnectionstatechange = () => {
      const s = pc.connectionState
      if (s === 'connected') peer.quality = 'good'
      else if (s === 'disconnected') peer.quality = 'reconnecting'
      else if (s === 'failed') {
        // ICE restart: new candidates, same connection, no need to ask anyone again.
        peer.quality = 'reconnecting'
        pc.restartIce()
      }
      this.emit()
    }
    const local = this.snapshot.local
    if (local && sendsMedia(this.self.role)) {
      for (const track of local.getTracks()) {
        const sender = pc.addTrack(track, local)
        if (track.kind === 'audio') peer.audio = sender
        else peer.video = sender
      }
      if (!this.snapshot.micOn) void peer.audio?.replaceTrack(null)
      if (!this.snapshot.camOn) void peer.video?.replaceTrack(null)
    }
    this.emit()
    return peer
  }

  private closePeer(peer: Peer) {
    peer.pc.onicecandidate = peer.pc.onnegotiationneeded = peer.pc.ontrack = peer.pc.onconnectionstatechange = null
    peer.pc.close()
    for (const t of peer.stream.getTracks()) peer.stream.removeTrack(t)
    if (this.peers.get(peer.member.id) === peer) this.peers.delete(peer.member.id)
  }

  // CallListener: what the room's socket tells us.
  joined(m: CallMember) {
    if (m.id !== this.self.id) this.ensurePeer(m)
  }
  left({ id, session }: { id: string; session: string }) {
    const p = this.peers.get(id)
    if (p && p.member.session === session) {
      this.closePeer(p)
      this.emit()
    }
  }
  signalled(from: CallMember, signal: CallSignal) {
    if (from.id === this.self.id) return
    void this.onSignal(this.ensurePeer(from), signal)
  }
  reconnected() {
    // A new socket: rejoin, and peers rebuild their connections to our new session.
    if (this.snapshot.joined && !this.stopped) void this.join().catch(() => {})
  }

  private async onSignal(peer: Peer, signal: CallSignal) {
    const { pc } = peer
    try {
      if (signal.kind === 'description') {
        const d = signal.description
        const collision = d.type === 'offer' && (peer.makingOffer || pc.signalingState !== 'stable')
        peer.ignoreOffer = !peer.polite && collision
        if (peer.ignoreOffer) return
        await pc.setRemoteDescription(d)
        if (d.type === 'offer') {
          await pc.setLocalDescription()
          const a = pc.localDescription!
          await this.chat.signal(peer.member, { kind: 'description', description: { type: a.type as 'answer', sdp: a.sdp } })
        }
      } else {
        try {
          await pc.addIceCandidate(signal.candidate ?? undefined)
        } catch (err) {
          if (!peer.ignoreOffer) throw err
        }
      }
    } catch {
      // A broken exchange shows as "reconnecting" and is repaired by the ICE restart.
    }
  }

  setMic(on: boolean) {
    for (const t of this.snapshot.local?.getAudioTracks() ?? []) t.enabled = on
    // replaceTrack(null) stops sending audio packets altogether, not just silence.
    for (const p of this.peers.values()) void p.audio?.replaceTrack(on ? (this.snapshot.local?.getAudioTracks()[0] ?? null) : null)
    this.emit({ micOn: on })
  }
  setCam(on: boolean) {
    for (const t of this.snapshot.local?.getVideoTracks() ?? []) t.enabled = on
    for (const p of this.peers.values()) void p.video?.replaceTrack(on ? (this.snapshot.local?.getVideoTracks()[0] ?? null) : null)
    this.emit({ camOn: on })
  }

  /** Another microphone or camera: new local tracks, replaced on every connection in place. */
  async switchDevice(kind: 'audio' | 'video', deviceId: string) {
    const fresh = await navigator.mediaDevices.getUserMedia({ [kind]: { deviceId: { exact: deviceId } } })
    const track = kind === 'audio' ? fresh.getAudioTracks()[0] : fresh.getVideoTracks()[0]
    const local = this.snapshot.local
    if (!track || !local) return
    for (const old of kind === 'audio' ? local.getAudioTracks() : local.getVideoTracks()) {
      local.removeTrack(old)
      old.stop()
    }
    local.addTrack(track)
    track.enabled = kind === 'audio' ? this.snapshot.micOn : this.snapshot.camOn
    for (const p of this.peers.values()) void (kind === 'audio' ? p.audio : p.video)?.replaceTrack(track.enabled ? track : null)
    this.emit({ local })
  }

  /** Round trip over 400 ms or more than 5 % of packets lost: "poor". */
  private async measure() {
    for (const p of this.peers.values()) {
      if (p.pc.connectionState !== 'connected') continue
      let rtt = 0
      let lost = 0
      let received = 0
      const stats = await p.pc.getStats()
      stats.forEach((s: { type: string; state?: string; nominated?: boolean; currentRoundTripTime?: number; packetsLost?: number; packetsReceived?: number }) => {
        if (s.type === 'candidate-pair' && s.state === 'succeeded' && s.nominated) rtt = s.currentRoundTripTime ?? 0
        if (s.type === 'inbound-rtp') {
          lost += s.packetsLost ?? 0
          received += s.packetsReceived ?? 0
        }
      })
      const next: Quality = rtt > 0.4 || (received > 50 && lost / (lost + received) > 0.05) ? 'poor' : 'good'
      if (next !== p.quality) {
        p.quality = next
        this.emit()
      }
    }
  }

  async stop() {
    this.stopped = true
    window.clearInterval(this.statsTimer)
    this.chat.attachCall(null)
    for (const p of [...this.peers.values()]) this.closePeer(p)
    for (const t of this.snapshot.local?.getTracks() ?? []) t.stop()
    this.emit({ joined: false, local: null })
    await this.chat.leaveCall().catch(() => {})
  }
}

export function mediaErrorText(err: unknown): string {
  const name = (err as { name?: string } | null)?.name
  if (name === 'NotAllowedError') return 'The browser refused the camera and microphone. Allow them in the address bar to talk; you still hear and see the others.'
  if (name === 'NotFoundError') return 'No microphone or camera found. You still hear and see the others.'
  if (name === 'NotReadableError') return 'The camera or microphone is in use by another app.'
  return 'Could not open the camera or microphone. You still hear and see the others.'
}
