import type { Redis } from 'ioredis'
import type { CollabRoom } from './room.ts'

const SEP = 0x0a // node id, newline, awareness update

/**
 * Cursors and selections across nodes, over Redis Pub/Sub (one channel per room). Awareness is
 * ephemeral and renewed by every client every 15 s, so fire-and-forget is right here: a lost
 * message is repaired by the next renewal, and states of a node that died time out after 30 s
 * (y-protocols' outdated-state check on each node's Awareness).
 */
export class AwarenessRelay {
  private readonly sub: Redis
  private readonly rooms = new Map<string, CollabRoom>()

  constructor(private readonly redis: Redis, private readonly prefix: string, private readonly nodeId: string) {
    // A subscribed connection can do nothing else; ioredis resubscribes it after a reconnect.
    this.sub = redis.duplicate({ connectionName: 'nudge-awareness' })
    this.sub.on('error', () => {})
    this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.receive(channel.toString(), message))
  }

  private channel(roomId: string): string {
    return `${this.prefix}aw:${roomId}`
  }

  attach(room: CollabRoom): void {
    this.rooms.set(room.id, room)
    void this.sub.subscribe(this.channel(room.id)).catch(() => {})
  }

  detach(room: CollabRoom): void {
    if (this.rooms.get(room.id) !== room) return
    this.rooms.delete(room.id)
    void this.sub.unsubscribe(this.channel(room.id)).catch(() => {})
  }

  publish(room: CollabRoom, update: Uint8Array): void {
    if (this.redis.status !== 'ready') return
    const payload = Buffer.concat([Buffer.from(this.nodeId), Buffer.from([SEP]), update])
    void this.redis.publish(this.channel(room.id), payload).catch(() => {})
  }

  private receive(channel: string, message: Buffer): void {
    const room = this.rooms.get(channel.slice(`${this.prefix}aw:`.length))
    const sep = message.indexOf(SEP)
    if (!room || sep < 0 || !room.isReady || message.subarray(0, sep).toString() === this.nodeId) return
    try {
      room.applyRemoteAwareness(new Uint8Array(message.subarray(sep + 1)))
    } catch {
      // unreadable: ignored, the next renewal replaces it
    }
  }

  close(): void {
    this.sub.disconnect()
  }
}
