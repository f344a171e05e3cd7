import { z } from 'zod'

/**
 * The whiteboard as the server reads it from a room's `board` document (BOARD in protocol.ts):
 * Excalidraw elements and image files, each a JSON object the client wrote. Only what the
 * server relies on is checked; the rest of each element passes through as the client stored it.
 */
export const BoardElement = z.looseObject({
  id: z.string().min(1).max(256),
  type: z.string().min(1).max(64),
  /** Excalidraw's fractional index: the z-order (elements sort by it, as plain strings). */
  index: z.string().max(256).nullish(),
  isDeleted: z.boolean().optional(),
})
export type BoardElement = z.infer<typeof BoardElement>

/** An image's data (Excalidraw BinaryFileData), keyed by its file id. */
export const BoardFile = z.looseObject({
  id: z.string().min(1).max(256),
  mimeType: z.string().max(128),
  dataURL: z.string(),
})
export type BoardFile = z.infer<typeof BoardFile>

/** The board's visible content: live elements in z-order, and the files they show. */
export const BoardContent = z.object({
  elements: z.array(BoardElement),
  files: z.record(z.string(), BoardFile).default({}),
})
export type BoardContent = z.infer<typeof BoardContent>
