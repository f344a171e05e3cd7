import type { Redis } from 'ioredis'
import type { LiveDocument } from './document.ts'

const SEP = 0x0a // node id, newline, awareness update

/**
 * Cursors and selections across nodes, over Redis Pub/Sub (one channel per document of a room). Awareness is
 * ephemeral and renewed by every client every 15 s, so fire-and-forget is right here: a lost
 * message is repaired by the next renewal, and states of a node that died time out after 30 s
 * (y-protocols' outdated-state check on each node's Awareness).
 */
export class AwarenessRelay {
  private readonly sub: Redis
  private readonly rooms = new Map<string, LiveDocument>()

  constructor(private readonly redis: Redis, private readonly prefix: string, private readonly nodeId: string) {
    // A subscribed connection can do nothing else; ioredis resubscribes it after a reconnect.
    this.sub = redis.duplicate({ connectionName: 'nudge-awareness' })
    this.sub.on('error', () => {})
    this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.receive(channel.toString(), message))
  }

  private channel(key: string): string {
    return `${this.prefix}aw:${key}`
  }

  attach(room: LiveDocument): void {
    this.rooms.set(room.key, room)
    void this.sub.subscribe(this.channel(room.key)).catch(() => {})
  }

  detach(room: LiveDocument): void {
    if (this.rooms.get(room.key) !== room) return
    this.rooms.delete(room.key)
    void this.sub.unsubscribe(this.channel(room.key)).catch(() => {})
  }

  publish(room: LiveDocument, update: Uint8Array): void {
    if (this.redis.status !== 'ready') return
    const payload = Buffer.concat([Buffer.from(this.nodeId), Buffer.from([SEP]), update])
    void this.redis.publish(this.channel(room.key), payload).catch(() => {})
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
