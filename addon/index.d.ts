// Type definitions for lksctp: Linux kernel SCTP for Node.js.

/// <reference types="node" />

import { EventEmitter } from 'node:events'
import { Duplex } from 'node:stream'

export type AddressFamily = 'IPv4' | 'IPv6'

/** SCTP_DELAYED_SACK (RFC 6458 8.1.19). */
export interface SackOptions {
  /** sack_delay in milliseconds (1-500; 0 leaves the kernel's value). */
  delay?: number
  /** sack_freq: packets per SACK (1 turns delayed SACK off; 0 leaves it). */
  freq?: number
}

/**
 * Path parameters (SCTP_PEER_ADDR_PARAMS, SCTP_PEER_ADDR_THLDS_V2), of
 * every path or of one. An absent field stays as it is.
 */
export interface PathParams {
  /** Heartbeats on (SPP_HB_ENABLE) or off (SPP_HB_DISABLE). */
  heartbeat?: boolean
  /** ms between heartbeats on an idle path, on top of its RTO (0-2^31-1; Linux default 30000). Does not turn heartbeats on or off. */
  heartbeatInterval?: number
  /** Path.Max.Retrans (1-65535; default 5): errors before the path is INACTIVE. */
  maxRetransmits?: number
  /** Potentially-failed threshold (0-65535; default 0): errors before the path is SCTP_PF. Not above switchoverThreshold. */
  pfThreshold?: number
  /** Primary switchover threshold (spt_pathcpthld, 0-65535; default 65535: off). */
  switchoverThreshold?: number
}

/** What getPathParams() reads back. */
export interface PathParamsInfo {
  heartbeat: boolean
  heartbeatInterval: number
  maxRetransmits: number
  pfThreshold: number
  switchoverThreshold: number
}

/** SCTP_RTOINFO, in ms (1-2^31-1). An absent field stays as it is; min must not exceed max. */
export interface RtoOptions {
  initial?: number
  min?: number
  max?: number
}

export interface RtoInfo {
  initial: number
  min: number
  max: number
}

export interface SctpOptions {
  /** Applied to every association (accepted ones included). */
  sack?: SackOptions
  /** Every path's parameters: the endpoint's default, taken by each association (accepted ones included). */
  paths?: PathParams
  /** RTO bounds of every association. */
  rto?: RtoOptions
  /** Association.Max.Retrans (SCTP_ASSOCINFO, 1-65535; default 10). */
  maxRetransmits?: number
  /** SCTP_EXPOSE_POTENTIALLY_FAILED_STATE: true reports SCTP_ADDR_POTENTIALLY_FAILED and SCTP_PF; false hides the PF state. */
  exposePotentiallyFailed?: boolean
  /**
   * How often (ms) addresses and peerInfoByAddress are re-read besides
   * the notifications that trigger it. 0 turns the timer off. Default 1000.
   * One timer serves every socket with the same interval and never keeps
   * the process alive. A socket without an 'address-change' or
   * 'peer-info-update' listener is re-read when those fields are next
   * read, not at the tick.
   */
  pollInterval?: number
}

export interface SocketOptions {
  /** Maximum inbound streams (1-65535). */
  MIS?: number
  /** Outbound streams asked for (1-65535). */
  OS?: number
  sctp?: SctpOptions
  /** Bytes buffered on the writable side before write() returns false (as in net). */
  highWaterMark?: number
  /** Messages read ahead on the readable side (default 16). */
  readableHighWaterMark?: number
  /** SCTP_NODELAY; default true (Nagle off, as signalling stacks use it). */
  noDelay?: boolean
  /**
   * SO_RCVBUF in bytes. Without it, an association once up gets twice the
   * kernel's default receive limit and keeps the default window.
   */
  receiveBufferSize?: number
  /** SO_SNDBUF in bytes. */
  sendBufferSize?: number
}

export interface ServerOptions extends SocketOptions {
  /** As net's: accepted sockets read nothing until resume(). */
  pauseOnConnect?: boolean
}

export interface ListenOptions {
  /** Local port; 0 or absent picks one. */
  port?: number | string
  /** One local address or name; absent: every address. */
  host?: string
  /** Several local addresses or names (not with host). */
  localAddresses?: string[]
  backlog?: number
  /** As net's: bound to '::' (or no host), take no IPv4 peers (IPV6_V6ONLY). */
  ipv6Only?: boolean
  /** As net's: an abort closes the server. */
  signal?: AbortSignal
}

export interface ConnectOptions extends SocketOptions {
  port: number | string
  /** Remote address or name; every address of a name is used. Default 'localhost'. */
  host?: string
  /** Several remote addresses or names (not with host). */
  remoteAddresses?: string[]
  localPort?: number | string
  localAddress?: string
  /** Several local addresses or names (not with localAddress). */
  localAddresses?: string[]
  /** Idle timeout in ms, as socket.setTimeout(timeout) at once (net's option). */
  timeout?: number
  /** Resolves names (net's option; default dns.lookup). Called with
   * { family, hints, all: true }; may answer an array or one address. */
  lookup?: LookupFunction
  /** Of the addresses a name gives, only these (net's option). Default 0: both. */
  family?: 0 | 4 | 6 | 'IPv4' | 'IPv6'
  /** getaddrinfo flags (dns.ADDRCONFIG, ...), passed to lookup. */
  hints?: number
  /** As net's: an abort destroys the socket with an AbortError. */
  signal?: AbortSignal
}

export type LookupFunction = (
  hostname: string,
  options: { family: 0 | 4 | 6, hints: number, all: true, verbatim: true },
  callback: (err: NodeJS.ErrnoException | null, address: string | Array<{ address: string, family: number }>, family?: number) => void
) => void

export interface AddressInfo {
  address: string
  family: AddressFamily
  port: number
}

export type PeerAddressState =
  | 'SCTP_INACTIVE'
  | 'SCTP_PF'
  | 'SCTP_ACTIVE'
  | 'SCTP_UNCONFIRMED'
  | 'SCTP_UNKNOWN'

/** SCTP_GET_PEER_ADDR_INFO (RFC 6458 8.2.2). */
export interface PeerAddressInfo {
  assocId: number
  address: string
  port: number
  family: AddressFamily
  state: PeerAddressState
  cwnd: number
  /**
   * Smoothed RTT in ms. Linux reports it in jiffies; converted with the
   * running kernel's HZ, measured at run time (README, "Units of time").
   */
  srtt: number
  /** Retransmission timeout in ms (Linux converts it). */
  rto: number
  mtu: number
}

export type AssociationState =
  | 'SCTP_EMPTY'
  | 'SCTP_CLOSED'
  | 'SCTP_COOKIE_WAIT'
  | 'SCTP_COOKIE_ECHOED'
  | 'SCTP_ESTABLISHED'
  | 'SCTP_SHUTDOWN_PENDING'
  | 'SCTP_SHUTDOWN_SENT'
  | 'SCTP_SHUTDOWN_RECEIVED'
  | 'SCTP_SHUTDOWN_ACK_SENT'

/** SCTP_STATUS (RFC 6458 8.2.1). */
export interface Status {
  assocId: number
  /** 'SCTP_UNKNOWN_STATE' for a state this build does not know. */
  state: AssociationState | 'SCTP_UNKNOWN_STATE'
  /** Peer's current receive window. */
  rwnd: number
  /** Unacknowledged DATA chunks. */
  unackdata: number
  /** DATA chunks pending receipt. */
  penddata: number
  /** Inbound streams. */
  instrms: number
  /** Outbound streams. */
  outstrms: number
  fragmentationPoint: number
  primary: PeerAddressInfo
}

/** A name <netinet/sctp.h> defines, or null for a value it does not (the `...Number` field beside it has the value). */
type Named<K extends string> = K | null

/** Fields every decoded notification has (src/notify_js.c). */
interface NotificationHeader {
  /** sn_type as <netinet/sctp.h> numbers it. */
  typeNumber: number
  /** sn_flags. */
  flags: number
  /** sn_length: bytes of the notification. */
  length: number
  /** The association, for the types that carry one. */
  assocId?: number
}

/** An SCTP error cause (RFC 9260 3.3.10), host order, with its name; errorRaw: the field as the kernel filled it. */
interface NotificationCause {
  error: number
  /** null for 0 (no error) and for codes RFC 9260 does not define. */
  errorName: string | null
  errorRaw?: number
}

export interface AssocChangeNotification extends NotificationHeader, NotificationCause {
  type: 'SCTP_ASSOC_CHANGE'
  state: Named<'SCTP_COMM_UP' | 'SCTP_COMM_LOST' | 'SCTP_RESTART' | 'SCTP_SHUTDOWN_COMP' | 'SCTP_CANT_STR_ASSOC'>
  stateNumber: number
  outboundStreams: number
  inboundStreams: number
  /** SCTP_COMM_UP and SCTP_RESTART: what the association supports. */
  features?: Array<'SCTP_ASSOC_SUPPORTS_PR' | 'SCTP_ASSOC_SUPPORTS_AUTH' | 'SCTP_ASSOC_SUPPORTS_ASCONF' | 'SCTP_ASSOC_SUPPORTS_MULTIBUF' | 'SCTP_ASSOC_SUPPORTS_RE_CONFIG' | number>
  /** sac_info's bytes, when there are any. */
  info?: Buffer
}

export interface PeerAddrChangeNotification extends NotificationHeader {
  type: 'SCTP_PEER_ADDR_CHANGE'
  /** null when the address does not decode. */
  address: string | null
  port: number | null
  family: AddressFamily | null
  state: Named<'SCTP_ADDR_AVAILABLE' | 'SCTP_ADDR_UNREACHABLE' | 'SCTP_ADDR_REMOVED' | 'SCTP_ADDR_ADDED' | 'SCTP_ADDR_MADE_PRIM' | 'SCTP_ADDR_CONFIRMED' | 'SCTP_ADDR_POTENTIALLY_FAILED'>
  stateNumber: number
  error: number
  errorName: string | null
}

export interface SendFailedNotification extends NotificationHeader, NotificationCause {
  /** SCTP_SEND_FAILED (struct sctp_send_failed) or SCTP_SEND_FAILED_EVENT (RFC 6458's). */
  type: 'SCTP_SEND_FAILED' | 'SCTP_SEND_FAILED_EVENT'
  /** Never sent (SCTP_DATA_UNSENT). */
  unsent: boolean
  /** Sent, not acknowledged (SCTP_DATA_SENT). */
  sent: boolean
  sid: number
  /** Host order, as write() took it. */
  ppid: number
  context: number
  infoFlags: number
  /** The message's bytes the kernel handed back. */
  data: Buffer
}

export interface RemoteErrorNotification extends NotificationHeader, NotificationCause {
  type: 'SCTP_REMOTE_ERROR'
  /** The ERROR chunk's cause bytes. */
  data: Buffer
}

export interface ShutdownNotification extends NotificationHeader {
  type: 'SCTP_SHUTDOWN_EVENT'
}

export interface SenderDryNotification extends NotificationHeader {
  type: 'SCTP_SENDER_DRY_EVENT'
}

export interface AdaptationNotification extends NotificationHeader {
  type: 'SCTP_ADAPTATION_INDICATION'
  adaptationInd: number
}

export interface PartialDeliveryNotification extends NotificationHeader {
  type: 'SCTP_PARTIAL_DELIVERY_EVENT'
  indication: Named<'SCTP_PARTIAL_DELIVERY_ABORTED'>
  indicationNumber: number
  /** Where the kernel says (pdapi_stream, pdapi_seq). */
  stream?: number
  seq?: number
}

export interface AuthenticationNotification extends NotificationHeader {
  type: 'SCTP_AUTHENTICATION_EVENT'
  keyNumber: number
  altKeyNumber: number
  indication: Named<'SCTP_AUTH_NEW_KEY' | 'SCTP_AUTH_FREE_KEY' | 'SCTP_AUTH_NO_AUTH'>
  indicationNumber: number
}

/** The reset and change events name their flag bits: flags is an array, the number is flagsNumber. */
interface NamedFlagsHeader extends Omit<NotificationHeader, 'flags'> {
  flags: string[]
  flagsNumber: number
}

export interface StreamResetNotification extends NamedFlagsHeader {
  type: 'SCTP_STREAM_RESET_EVENT'
  streams: number[]
}

export interface AssocResetNotification extends NamedFlagsHeader {
  type: 'SCTP_ASSOC_RESET_EVENT'
  localTsn: number
  remoteTsn: number
}

export interface StreamChangeNotification extends NamedFlagsHeader {
  type: 'SCTP_STREAM_CHANGE_EVENT'
  inboundStreams: number
  outboundStreams: number
}

/** A type Linux may add later: the header only. */
export interface UnknownNotification extends NotificationHeader {
  type: 'UNKNOWN'
}

/** Bytes that do not decode; null fields when even the header was cut short. */
export interface InvalidNotification {
  type: 'INVALID'
  typeNumber: number | null
  typeName: string | null
  flags: number | null
  length: number | null
  /** Bytes received. */
  received: number
}

/**
 * Decoded notification (RFC 6458 section 6, Linux numbering): a union
 * discriminated by `type`, so `if (n.parsed.type === 'SCTP_PEER_ADDR_CHANGE')`
 * gives the fields of that type.
 */
export type ParsedNotification =
  | AssocChangeNotification
  | PeerAddrChangeNotification
  | SendFailedNotification
  | RemoteErrorNotification
  | ShutdownNotification
  | SenderDryNotification
  | AdaptationNotification
  | PartialDeliveryNotification
  | AuthenticationNotification
  | StreamResetNotification
  | AssocResetNotification
  | StreamChangeNotification
  | UnknownNotification
  | InvalidNotification

export interface Notification {
  /** The bytes as the kernel delivered them. */
  raw: Buffer
  parsed: ParsedNotification
  /** One human sentence. */
  interpreted: string
}

/** A received message. */
export interface Message extends Buffer {
  /** Stream identifier. */
  sid: number
  /** Payload protocol identifier, host byte order. */
  ppid: number
  /** Present (true) when the message was sent unordered. */
  unordered?: true
}

/**
 * A message to send: a Buffer or Uint8Array with optional properties
 * (honoured in write() and end() alike). Each property that is given must
 * be a number (a boolean for `unordered`), else ERR_INVALID_ARG_TYPE naming
 * it (`data.sid`, ...). An empty message completes without being sent:
 * SCTP has no empty DATA chunk.
 */
export interface OutgoingMessage extends Uint8Array {
  /** Stream identifier, below the association's outbound stream count. */
  sid?: number
  /** Payload protocol identifier, host byte order. */
  ppid?: number
  /** Deliver without regard to order. */
  unordered?: boolean
  /** PR-SCTP timed reliability: ms after which an unsent message is abandoned. */
  ttl?: number
}

/** 'drop': an association the server could not take (error), or one closed because of maxConnections (its addresses, as net's). */
export interface DropInfo {
  error?: NodeJS.ErrnoException
  localAddress?: string
  localPort?: number
  localFamily?: AddressFamily
  remoteAddress?: string
  remotePort?: number
  remoteFamily?: AddressFamily
}

// A type only: the package exports no Socket constructor (sockets come from
// connect() and a server's 'connection'), so no instanceof either.
declare class SctpSocket extends Duplex {
  private constructor ()
  readonly connecting: boolean
  readonly pending: boolean
  readonly readyState: 'opening' | 'open' | 'readOnly' | 'writeOnly' | 'closed'
  readonly bytesRead: number
  readonly bytesWritten: number
  /** An accepted socket's server (as net's); null for a client. */
  readonly server: Server | null
  /** net's (deprecated there): writableLength; undefined before the socket exists. */
  readonly bufferSize: number | undefined
  /**
   * The address fields are read from the kernel when first asked for (at
   * once when 'address-change' or 'peer-info-update' has a listener); one
   * never read while the association was up is undefined (empty) after
   * it closes, as in net.
   */
  readonly localFamily: AddressFamily | undefined
  readonly localAddress: string | undefined
  readonly localPort: number | undefined
  readonly localAddresses: string[]
  readonly remoteFamily: AddressFamily | undefined
  readonly remoteAddress: string | undefined
  readonly remotePort: number | undefined
  readonly remoteAddresses: string[]
  readonly peerInfoByAddress: { [address: string]: PeerAddressInfo | undefined }

  /** One message per call; an empty one completes without being sent. */
  write (data: OutgoingMessage | string, callback?: (err?: Error | null) => void): boolean
  write (data: OutgoingMessage | string, encoding?: BufferEncoding, callback?: (err?: Error | null) => void): boolean
  /**
   * Graceful close: SHUTDOWN once the queued data is acknowledged; the peer
   * sees 'end'. `data` is sent first, as write() sends it. A destroy() after
   * end() stays graceful.
   */
  end (callback?: () => void): this
  end (data: OutgoingMessage | string, callback?: () => void): this
  end (data: OutgoingMessage | string, encoding?: BufferEncoding, callback?: () => void): this
  /**
   * Close at once. Before end() (and unless the peer has ended the
   * association already) this aborts it: an ABORT chunk, as SO_LINGER with
   * a zero timeout; the peer gets 'error' ECONNRESET. After end(), it is the
   * graceful SHUTDOWN. A destroy for an error (a failed write or read)
   * aborts too.
   */
  destroy (error?: Error): this
  status (): Status
  /** Bind one more local address (sctp_bindx); the peer learns it by ASCONF when both sides enable it. */
  addLocalAddress (address: string): this
  /** Remove a local address (sctp_bindx); the last one cannot go. */
  removeLocalAddress (address: string): this
  /** Send to this remote address by default (SCTP_PRIMARY_ADDR). */
  setPrimaryAddress (address: string): this
  /** Ask the peer to send to this local address by default (SCTP_SET_PEER_PRIMARY_ADDR). */
  requestPeerPrimary (address: string): this
  /** SCTP_PEER_ADDR_PARAMS / SCTP_PEER_ADDR_THLDS_V2 of every path, or of one remote address. */
  setPathParams (params: PathParams, address?: string): this
  /** The association's path parameters, or one remote address's. */
  getPathParams (address?: string): PathParamsInfo
  /** SCTP_RTOINFO of the association. */
  setRto (params: RtoOptions): this
  getRto (): RtoInfo
  /** Association.Max.Retrans (SCTP_ASSOCINFO). */
  setMaxRetransmits (maxRetransmits: number): this
  getMaxRetransmits (): number
  /** SCTP_EXPOSE_POTENTIALLY_FAILED_STATE of the association. */
  setExposePotentiallyFailed (expose: boolean): this
  /** null: never set (the kernel's default: SCTP_PF shown by peerInfoByAddress, not notified). */
  getExposePotentiallyFailed (): boolean | null
  setNoDelay (noDelay?: boolean): this
  setKeepAlive (enable?: boolean, initialDelay?: number): this
  /**
   * 'timeout' after msecs of idleness; 0 turns it off. As in net: msecs
   * must be a non-negative finite number (ERR_INVALID_ARG_TYPE,
   * ERR_OUT_OF_RANGE); above 2^31-1 it is 2^31-1, with a
   * TimeoutOverflowWarning.
   */
  setTimeout (msecs: number, callback?: () => void): this
  /** The last value given to setTimeout(). */
  readonly timeout?: number
  address (): AddressInfo | {}
  ref (): this
  /** Also before the association has a socket (at once after connect()). */
  unref (): this
  /** end(), then destroy() once written: graceful. */
  destroySoon (): void
  /** Close with an ABORT even after end(): the peer gets ECONNRESET. */
  resetAndDestroy (): this

  read (size?: number): Message | null
  [Symbol.asyncIterator] (): AsyncIterableIterator<Message> & ReturnType<Duplex[typeof Symbol.asyncIterator]>

  on (event: 'data', listener: (message: Message) => void): this
  on (event: 'notification', listener: (notification: Notification) => void): this
  on (event: 'address-change', listener: () => void): this
  on (event: 'peer-info-update', listener: () => void): this
  on (event: 'connect' | 'ready' | 'end' | 'drain' | 'finish' | 'timeout', listener: () => void): this
  on (event: 'close', listener: (hadError: boolean) => void): this
  on (event: 'error', listener: (err: NodeJS.ErrnoException) => void): this
  on (event: 'lookup', listener: (err: Error | null, address: string | undefined, family: number | undefined, host: string) => void): this
  on (event: string | symbol, listener: (...args: any[]) => void): this
  once (event: 'data', listener: (message: Message) => void): this
  once (event: 'notification', listener: (notification: Notification) => void): this
  once (event: 'address-change', listener: () => void): this
  once (event: 'peer-info-update', listener: () => void): this
  once (event: 'connect' | 'ready' | 'end' | 'drain' | 'finish' | 'timeout', listener: () => void): this
  once (event: 'close', listener: (hadError: boolean) => void): this
  once (event: 'error', listener: (err: NodeJS.ErrnoException) => void): this
  once (event: 'lookup', listener: (err: Error | null, address: string | undefined, family: number | undefined, host: string) => void): this
  once (event: string | symbol, listener: (...args: any[]) => void): this
}
export type { SctpSocket }

export declare class Server extends EventEmitter {
  constructor (options?: ServerOptions, connectionListener?: (socket: SctpSocket) => void)
  constructor (connectionListener?: (socket: SctpSocket) => void)
  readonly listening: boolean
  /** As net's: associations past this many are closed at once ('drop'). */
  maxConnections?: number
  listen (options?: ListenOptions, callback?: () => void): this
  listen (callback?: () => void): this
  /** net's positional form. */
  listen (port?: number | string, host?: string, backlog?: number, callback?: () => void): this
  listen (port: number | string, host: string, callback?: () => void): this
  listen (port: number | string, backlog: number, callback?: () => void): this
  listen (port: number | string, callback?: () => void): this
  address (): AddressInfo | null
  getLocalAddresses (): AddressInfo[]
  /** Bind one more local address to the listening endpoint (sctp_bindx). */
  addLocalAddress (address: string): this
  removeLocalAddress (address: string): this
  getConnections (callback: (err: Error | null, count: number) => void): this
  /**
   * Stop listening at once (listen() may be called again); 'close' once
   * every connection has ended. On a server that is not listening the
   * callback gets ERR_SERVER_NOT_RUNNING, each time.
   */
  close (callback?: (err?: Error) => void): this
  ref (): this
  unref (): this
  [Symbol.asyncDispose] (): Promise<void>

  on (event: 'connection', listener: (socket: SctpSocket) => void): this
  on (event: 'listening' | 'close', listener: () => void): this
  on (event: 'error', listener: (err: NodeJS.ErrnoException) => void): this
  on (event: 'drop', listener: (info: DropInfo) => void): this
  on (event: string | symbol, listener: (...args: any[]) => void): this
  once (event: 'connection', listener: (socket: SctpSocket) => void): this
  once (event: 'listening' | 'close', listener: () => void): this
  once (event: 'error', listener: (err: NodeJS.ErrnoException) => void): this
  once (event: 'drop', listener: (info: DropInfo) => void): this
  once (event: string | symbol, listener: (...args: any[]) => void): this
}

export declare function createServer (options?: ServerOptions, connectionListener?: (socket: SctpSocket) => void): Server
export declare function createServer (connectionListener?: (socket: SctpSocket) => void): Server
export declare function connect (options: ConnectOptions, connectListener?: () => void): SctpSocket
/** net's positional form: port, then host (default 'localhost'). */
export declare function connect (port: number | string, host?: string, connectListener?: () => void): SctpSocket
export declare function connect (port: number | string, connectListener?: () => void): SctpSocket
export declare function createConnection (options: ConnectOptions, connectListener?: () => void): SctpSocket
export declare function createConnection (port: number | string, host?: string, connectListener?: () => void): SctpSocket
export declare function createConnection (port: number | string, connectListener?: () => void): SctpSocket
