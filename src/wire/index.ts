/**
 * The face of `wire/`: Basin's server side of the PostgreSQL v3 protocol. The server composes it with an
 * Engine (see engine.ts for the contract); nothing here knows SQL.
 */
export { startWireServer, type WireServer, type WireServerOptions } from './server.ts';
export { makeScramVerifier, parseScramVerifier } from './scram.ts';
export type { Log, LogLevel } from './connection.ts';
export type {
  AuthMethod, CopyFormat, CopyOutStream, Engine, EngineSession, Field, Notification, Portal, PreparedStatement, PreparedStatements, ResultSink, StartupInfo,
  TransactionStatus,
} from './engine.ts';
