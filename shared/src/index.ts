export * from './protocol.ts'
export * from './errors.ts'
export * from './rooms.ts'
export * from './events.ts'
