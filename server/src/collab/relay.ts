import type { LiveDocument } from './document.ts'
import type { StoredRanges } from './durable.ts'

/**
 * How this node's live documents reach the other nodes. There is always one: `LocalRelay` when
 * this node is the only one, `RedisRelay` when scaled. It is the single interface between a
 * document and the world beyond this node, and the only place that decides when edits no node
 * has stored (relayed by a node that died) are adopted into this node's update log.
 */
export interface Relay {
  /** True when no other node writes these documents: every stored row came from this node. */
  readonly onlyWriter: boolean
  /** A document was loaded on this node: start receiving other nodes' updates for it. */
  attach(doc: LiveDocument): void
  /** The document was unloaded. */
  detach(doc: LiveDocument): void
  /** An update applied from one of this node's sessions, or by the server. */
  publish(doc: LiveDocument, update: Uint8Array): void
  /** This node stored these ranges of the document; other nodes' clients may count them durable. */
  publishStored(doc: LiveDocument, ranges: StoredRanges): void
  /** Awareness changes of this node's sessions (cursors, pointers; ephemeral). */
  publishAwareness(doc: LiveDocument, update: Uint8Array): void
  /**
   * The document's last session left and its writes are stored: may it be unloaded? A relay
   * answers false after handing what no node has stored to the document's update log (it is
   * asked again once that is stored).
   */
  releasable(doc: LiveDocument): boolean
  close(): Promise<void>
}

/**
 * One node: nothing to carry. Every edit of a live document came from this node's sessions or
 * server, went into this node's update log, so a document with nothing pending is all stored.
 */
export class LocalRelay implements Relay {
  readonly onlyWriter = true
  attach(): void {}
  detach(): void {}
  publish(): void {}
  publishStored(): void {}
  publishAwareness(): void {}
  releasable(): boolean {
    return true
  }
  async close(): Promise<void> {}
}
