/**
 * Message type bytes of protocol 3.0 ("Message Formats" in the PostgreSQL docs). The same letter means
 * different messages in each direction ('D' is Describe from the client, DataRow from the server), so the
 * two directions get separate enums.
 */

/** First byte of a message sent by the client (after the untyped startup packet). */
export const enum FrontendCode {
  Bind = 0x42, // 'B'
  Close = 0x43, // 'C'
  Describe = 0x44, // 'D'
  Execute = 0x45, // 'E'
  FunctionCall = 0x46, // 'F'
  Flush = 0x48, // 'H'
  Parse = 0x50, // 'P'
  Query = 0x51, // 'Q'
  Sync = 0x53, // 'S'
  Terminate = 0x58, // 'X'
  CopyDone = 0x63, // 'c'
  CopyData = 0x64, // 'd'
  CopyFail = 0x66, // 'f'
  /** PasswordMessage, SASLInitialResponse and SASLResponse share 'p'; the auth state says which. */
  Password = 0x70, // 'p'
}

/** First byte of a message sent by the server. */
export const enum BackendCode {
  ParseComplete = 0x31, // '1'
  BindComplete = 0x32, // '2'
  CloseComplete = 0x33, // '3'
  NotificationResponse = 0x41, // 'A'
  CommandComplete = 0x43, // 'C'
  DataRow = 0x44, // 'D'
  ErrorResponse = 0x45, // 'E'
  CopyInResponse = 0x47, // 'G'
  CopyOutResponse = 0x48, // 'H'
  EmptyQueryResponse = 0x49, // 'I'
  BackendKeyData = 0x4b, // 'K'
  NoticeResponse = 0x4e, // 'N'
  Authentication = 0x52, // 'R'
  ParameterStatus = 0x53, // 'S'
  RowDescription = 0x54, // 'T'
  ReadyForQuery = 0x5a, // 'Z'
  CopyDone = 0x63, // 'c'
  CopyData = 0x64, // 'd'
  NoData = 0x6e, // 'n'
  PortalSuspended = 0x73, // 's'
  ParameterDescription = 0x74, // 't'
  NegotiateProtocolVersion = 0x76, // 'v'
}

/** The int32 after an 'R' byte: which authentication step this is. */
export const enum AuthCode {
  Ok = 0,
  CleartextPassword = 3,
  SASL = 10,
  SASLContinue = 11,
  SASLFinal = 12,
}

/**
 * Codes in the version field of an untyped startup packet. Requests that are not a protocol version use a
 * major of 1234, which no real protocol will ever have.
 */
export const enum StartupCode {
  Protocol30 = 196608, // 3 << 16 | 0
  CancelRequest = 80877102, // 1234 << 16 | 5678
  SSLRequest = 80877103, // 1234 << 16 | 5679
  GSSENCRequest = 80877104, // 1234 << 16 | 5680
}

/** Result and parameter format codes. */
export const enum FormatCode {
  Text = 0,
  Binary = 1,
}
