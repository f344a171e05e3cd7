import type { CallConfig, CallMember, CallSignal, Role } from '@nudge/shared'
import type { CallListener, ChatCallClient } from '../../realtime/chatCallClient.ts'
import { callDebug } from './debug.ts'
import { turnRefreshDelay } from './turnRefresh.ts'

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
  /** Observers the interviewer lets speak (everyone else in that role receives only). */
  speakers: string[]
  /** Whether this page sends: the candidate, the interviewer, or an observer let speak. */
  sending: boolean
}

interface Peer {
  member: CallMember
  pc: RTCPeerConnection
  polite: boolean
  makingOffer: boolean
  ignoreOffer: boolean
  /** Polite: the other side makes the first offer, and we add our media when it arrives. */
  waitingForOffer: boolean
  /** ICE candidates that arrived before a remote description they belong to. */
  pending: Array<RTCIceCandidateInit | null>
  stream: MediaStream
  quality: Quality
  audio: RTCRtpSender | null
  video: RTCRtpSender | null
}

const tag = (m: { id: string; session: string; role?: string }) => `${m.role ?? ''}:${m.id.slice(0, 6)}/${m.session.slice(0, 6)}`

/** Candidates held per peer until its remote description is set (a bound against floods). */
const MAX_PENDING_CANDIDATES = 100

/** Only the candidate and the interviewer send; observers receive (issue #21). */
export const sendsMedia = (role: Role): boolean => role !== 'observer'
/** An observer the interviewer lets speak sends its microphone too (never its camera). */
export const sends = (self: { id: string; role: Role }, speakers: readonly string[]): boolean => sendsMedia(self.role) || speakers.includes(self.id)

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
  private turnTimer = 0
  private stopped = false
  private generation = 0
  /** Our connection id (the others address signals to it) when we last joined. */
  private session: string | undefined

  constructor(
    private readonly chat: ChatCallClient,
    private readonly self: { id: string; role: Role },
    private readonly rtc: { policy?: RTCIceTransportPolicy } = {},
  ) {
    this.snapshot = { joined: false, local: null, mediaError: null, micOn: true, camOn: true, peers: [], relay: false, speakers: [], sending: sendsMedia(self.role) }
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
    // start → stop → start on one engine (React StrictMode's double effect in development): each
    // start is a generation; one overtaken by a stop gives up after its await and attaches nothing.
    const gen = ++this.generation
    this.stopped = false
    const current = () => gen === this.generation && !this.stopped
    if (sendsMedia(this.self.role)) await this.openMedia(devices)
    if (!current()) return
    this.config = await this.chat.callConfig()
    if (!current()) return
    this.scheduleTurnRefresh()
    this.chat.attachCall(this)
    await this.join()
    if (!current()) return
    window.clearInterval(this.statsTimer)
    this.statsTimer = window.setInterval(() => void this.measure(), 2000)
  }

  /**
   * Fresh TURN credentials before the current ones expire: every connection gets them, and those
   * that relay through TURN restart ICE, so their allocation is renewed with a valid username
   * while the old path keeps carrying media until the new one is chosen.
   */
  private scheduleTurnRefresh() {
    window.clearTimeout(this.turnTimer)
    const delay = turnRefreshDelay(this.config.expiresAt, Date.now())
    if (delay === null) return
    this.turnTimer = window.setTimeout(() => void this.refreshTurn(), delay)
  }

  private async refreshTurn() {
    try {
      const config = await this.chat.callConfig()
      if (this.stopped) return
      this.config = config
      for (const p of this.peers.values()) {
        if (p.pc.connectionState === 'closed') continue
        p.pc.setConfiguration({ ...p.pc.getConfiguration(), iceServers: config.iceServers })
        if (await relayed(p.pc)) {
          callDebug('turn refresh: ICE restart', tag(p.member))
          p.pc.restartIce()
        }
      }
    } catch (err) {
      callDebug('turn refresh failed', String(err))
    }
    if (!this.stopped) this.scheduleTurnRefresh()
  }

  private async join() {
    const { members, speakers } = await this.chat.joinCall()
    callDebug('join: members', members.map(tag).join(' '), 'stopped:', this.stopped)
    if (this.stopped) return
    // A new connection of ours (the socket reconnected): the others replace their side for it on
    // `call:joined`, so ours starts fresh as well.
    const session = this.chat.session
    if (this.session !== undefined && session !== this.session) {
      for (const p of [...this.peers.values()]) this.closePeer(p)
    }
    this.session = session
    await this.setSpeakers(speakers)
    if (this.stopped) return
    for (const m of members) this.ensurePeer(m)
    this.emit({ joined: true, relay: this.config.relay })
  }

  private async openMedia(devices: { audio?: string; video?: string }, audioOnly = false) {
    const want = (id?: string): MediaTrackConstraints | boolean => (id ? { deviceId: { exact: id } } : true)
    try {
      const local = await navigator.mediaDevices.getUserMedia({ audio: want(devices.audio), video: audioOnly ? false : want(devices.video) })
      if (this.stopped) return stopTracks(local)
      this.emit({ local, mediaError: null, ...(audioOnly ? { camOn: false } : {}) })
    } catch (first) {
      // No camera (or it is refused) but a microphone: talk without video.
      try {
        const local = await navigator.mediaDevices.getUserMedia({ audio: want(devices.audio) })
        if (this.stopped) return stopTracks(local)
        this.emit({ local, camOn: false, mediaError: audioOnly ? null : 'No camera available: you are in the call with audio only.' })
      } catch {
        this.emit({ local: null, mediaError: mediaErrorText(first) })
      }
    }
  }

  /**
   * The connection to `member`, made if needed. Only the impolite side makes the first offer;
   * the polite one adds its media when that offer arrives. Both ends work it out from the two
   * participant ids, whoever joined first and whatever order the roster events came in, so a
   * new connection never starts with two offers crossing (a rollback during Chrome's first ICE
   * gathering left the answer without a single candidate: the reload bug of #21).
   */
  private ensurePeer(member: CallMember): Peer {
    const existing = this.peers.get(member.id)
    // Same participant, new connection (a reload): the old peer connection's other end is gone.
    if (existing && existing.member.session === member.session) return existing
    if (existing) {
      callDebug('replace peer', tag(existing.member), '->', tag(member))
      this.closePeer(existing)
    }
    const pc = new RTCPeerConnection({ iceServers: this.config.iceServers, ...(this.rtc.policy ? { iceTransportPolicy: this.rtc.policy } : {}) })
    const polite = this.self.id < member.id
    const peer: Peer = {
      member, pc, polite, makingOffer: false, ignoreOffer: false, pending: [], waitingForOffer: polite,
      stream: new MediaStream(), quality: 'connecting', audio: null, video: null,
    }
    this.peers.set(member.id, peer)
    callDebug('create peer', tag(member), peer.polite ? 'polite' : 'impolite', 'stopped:', this.stopped)
    const send = (signal: CallSignal) => void this.chat.signal(member, signal).catch((err: unknown) => callDebug('send failed', signal.kind, tag(member), String(err)))
    pc.onicecandidate = ({ candidate }) => {
      callDebug('candidate out', tag(member), candidate ? `${candidate.type} ${candidate.usernameFragment}` : 'end')
      send({ kind: 'candidate', candidate: candidate ? candidate.toJSON() as never : null })
    }
    pc.oniceconnectionstatechange = () => callDebug('ice', tag(member), pc.iceConnectionState)
    pc.onsignalingstatechange = () => callDebug('signaling', tag(member), pc.signalingState)
    pc.onnegotiationneeded = async () => {
      try {
        callDebug('negotiationneeded', tag(member), pc.signalingState)
        peer.makingOffer = true
        await pc.setLocalDescription()
        callDebug('send', pc.localDescription?.type, 'to', tag(member))
        if (pc.localDescription) send({ kind: 'description', description: { type: pc.localDescription.type as 'offer', sdp: pc.localDescription.sdp } })
      } catch (err) {
        callDebug('offer failed', tag(member), String(err))
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
      callDebug('connection', tag(member), s)
      if (s === 'connected') peer.quality = 'good'
      else if (s === 'disconnected') peer.quality = 'reconnecting'
      else if (s === 'failed') {
        // ICE restart: new candidates, same connection, no need to ask anyone again.
        peer.quality = 'reconnecting'
        pc.restartIce()
      }
      this.emit()
    }
    if (!peer.waitingForOffer) this.attachMedia(peer)
    this.emit()
    return peer
  }

  /**
   * Our camera and microphone on this connection. A page that sends nothing (an observer)
   * and makes the first offer asks to receive audio and video instead.
   */
  private attachMedia(peer: Peer) {
    const { pc } = peer
    const local = this.snapshot.local
    if (local && this.snapshot.sending) {
      for (const track of local.getTracks()) {
        if ((track.kind === 'audio' ? peer.audio : peer.video) !== null) continue
        const sender = pc.addTrack(track, local)
        if (track.kind === 'audio') peer.audio = sender
        else peer.video = sender
      }
      if (!this.snapshot.micOn) void peer.audio?.replaceTrack(null)
      if (!this.snapshot.camOn) void peer.video?.replaceTrack(null)
    } else if (!peer.waitingForOffer && pc.getTransceivers().length === 0) {
      pc.addTransceiver('audio', { direction: 'recvonly' })
      pc.addTransceiver('video', { direction: 'recvonly' })
    }
  }

  private closePeer(peer: Peer) {
    callDebug('close peer', tag(peer.member))
    peer.pc.onicecandidate = peer.pc.onnegotiationneeded = peer.pc.ontrack = peer.pc.onconnectionstatechange = null
    peer.pc.oniceconnectionstatechange = peer.pc.onsignalingstatechange = null
    peer.pc.close()
    for (const t of peer.stream.getTracks()) peer.stream.removeTrack(t)
    if (this.peers.get(peer.member.id) === peer) this.peers.delete(peer.member.id)
  }

  // CallListener: what the room's socket tells us.
  joined(m: CallMember) {
    callDebug('joined', tag(m))
    if (m.id !== this.self.id) this.ensurePeer(m)
  }
  left({ id, session }: { id: string; session: string }) {
    const p = this.peers.get(id)
    callDebug('left', tag({ id, session }), p && p.member.session === session ? 'closing' : 'ignored')
    if (p && p.member.session === session) {
      this.closePeer(p)
      this.emit()
    }
  }
  signalled(from: CallMember, signal: CallSignal) {
    if (from.id === this.self.id) return
    void this.onSignal(this.ensurePeer(from), signal)
  }
  /**
   * The interviewer let observers speak (or took it back). An observer let speak opens its
   * microphone and adds it to every connection (each renegotiates); taken back, it removes it.
   */
  async setSpeakers(speakers: string[]) {
    const was = this.snapshot.sending
    const now = sends(this.self, speakers)
    this.emit({ speakers, sending: now })
    if (was === now || sendsMedia(this.self.role)) return
    if (now) {
      await this.openMedia({}, true)
      if (this.stopped || !this.snapshot.sending) return
      for (const p of this.peers.values()) if (!p.waitingForOffer) this.attachMedia(p)
    } else {
      for (const p of this.peers.values()) {
        for (const sender of [p.audio, p.video]) if (sender && p.pc.connectionState !== 'closed') p.pc.removeTrack(sender)
        p.audio = p.video = null
      }
      for (const t of this.snapshot.local?.getTracks() ?? []) t.stop()
      this.emit({ local: null, mediaError: null })
    }
  }
  speakersChanged(speakers: string[]) {
    callDebug('speakers', speakers.join(' '))
    void this.setSpeakers(speakers).catch(() => {})
  }

  reconnected() {
    callDebug('socket reconnected; rejoin:', this.snapshot.joined && !this.stopped)
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
        callDebug('got', d.type, 'from', tag(peer.member), pc.signalingState, collision ? 'collision' : '', peer.ignoreOffer ? 'IGNORED' : '')
        if (peer.ignoreOffer) return
        await pc.setRemoteDescription(d)
        await this.flushCandidates(peer)
        if (d.type === 'offer' && peer.waitingForOffer) {
          // Their first offer: our tracks take the transceivers it created, and the answer sends.
          peer.waitingForOffer = false
          this.attachMedia(peer)
        }
        if (d.type === 'offer') {
          await pc.setLocalDescription()
          const a = pc.localDescription!
          callDebug('send', a.type, 'to', tag(peer.member))
          await this.chat.signal(peer.member, { kind: 'description', description: { type: a.type as 'answer', sdp: a.sdp } })
        }
      } else if (!pc.remoteDescription || peer.ignoreOffer) {
        // Too early: the description these candidates belong to has not been applied (yet).
        // After a collision the polite side answers with the ICE credentials of the offer it
        // rolled back, and Chrome does not gather those candidates again: dropping them here
        // left the impolite side without a single remote candidate (the reload bug of #21).
        if (peer.pending.length < MAX_PENDING_CANDIDATES) peer.pending.push(signal.candidate)
        callDebug('candidate in', tag(peer.member), signal.candidate?.usernameFragment ?? 'end', 'held', peer.pending.length)
      } else {
        await this.addCandidate(peer, signal.candidate)
      }
    } catch (err) {
      callDebug('signal failed', signal.kind, 'from', tag(peer.member), String(err))
      // A broken exchange shows as "reconnecting" and is repaired by the ICE restart.
    }
  }

  private async addCandidate(peer: Peer, candidate: RTCIceCandidateInit | null) {
    try {
      await peer.pc.addIceCandidate(candidate ?? undefined)
      callDebug('candidate in', tag(peer.member), candidate?.usernameFragment ?? 'end', 'added')
    } catch (err) {
      // A candidate of a description that was replaced (an ICE restart, a rolled-back offer).
      callDebug('candidate in', tag(peer.member), candidate?.usernameFragment ?? 'end', 'refused', String(err))
    }
  }

  /** Applies the candidates held while there was no remote description, in their order. */
  private async flushCandidates(peer: Peer) {
    const held = peer.pending.splice(0)
    for (const c of held) await this.addCandidate(peer, c)
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
    callDebug('stop')
    this.stopped = true
    this.generation++
    window.clearInterval(this.statsTimer)
    window.clearTimeout(this.turnTimer)
    this.chat.attachCall(null)
    for (const p of [...this.peers.values()]) this.closePeer(p)
    for (const t of this.snapshot.local?.getTracks() ?? []) t.stop()
    this.emit({ joined: false, local: null })
    await this.chat.leaveCall().catch(() => {})
  }
}

/** Whether the connection's chosen path goes through a TURN relay (ours). */
async function relayed(pc: RTCPeerConnection): Promise<boolean> {
  const stats = await pc.getStats()
  let relay = false
  stats.forEach((s: { type: string; nominated?: boolean; state?: string; localCandidateId?: string }) => {
    if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') {
      const local = stats.get(s.localCandidateId ?? '') as { candidateType?: string } | undefined
      if (local?.candidateType === 'relay') relay = true
    }
  })
  return relay
}

const stopTracks = (stream: MediaStream) => {
  for (const t of stream.getTracks()) t.stop()
}

export function mediaErrorText(err: unknown): string {
  const name = (err as { name?: string } | null)?.name
  if (name === 'NotAllowedError') return 'The browser refused the camera and microphone. Allow them in the address bar to talk; you still hear and see the others.'
  if (name === 'NotFoundError') return 'No microphone or camera found. You still hear and see the others.'
  if (name === 'NotReadableError') return 'The camera or microphone is in use by another app.'
  return 'Could not open the camera or microphone. You still hear and see the others.'
}
