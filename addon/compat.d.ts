// Type definitions for lksctp/compat: the main entry's sockets and servers
// with node-lksctp's shapes (status(), peerInfoByAddress,
// notification.parsed). See README.md, "Moving from node-lksctp".

/// <reference types="node" />

import { EventEmitter } from 'node:events'
import type {
  SctpSocket as MainSocket,
  ServerOptions,
  ListenOptions,
  ConnectOptions,
  AddressInfo,
  Message,
  DropInfo
} from './index'

export type {
  ServerOptions,
  ListenOptions,
  ConnectOptions,
  AddressInfo,
  Message,
  OutgoingMessage,
  DropInfo,
  SackOptions
} from './index'

/**
 * status() as node-lksctp shapes it. Numbers are Linux's (<netinet/sctp.h>).
 * The fields of struct sctp_info that SCTP_STATUS does not give come from
 * the kernel's sock_diag interface (the sctp_diag module); where it cannot
 * answer they are null, except maxSeg and peer.rwnd (the same counters as
 * fragmentationPoint and rwnd).
 */
export interface Status {
  /** Our verification tag. */
  tag: number | null
  /** enum sctp_sstat_state: SCTP_ESTABLISHED = 4, ... */
  state: number | null
  /** The peer's receive window (SCTP_STATUS). */
  rwnd: number
  unackdata: number
  penddata: number
  numberOfIncomingStreams: number
  numberOfOutgoingStreams: number
  fragmentationPoint: number
  /** Chunks in the association's input queue. */
  incomingQueue: number | null
  /** Chunks in its output queue. */
  outgoingQueue: number | null
  /** The association's error count (timeouts since the last acknowledgement), which Association.Max.Retrans bounds. */
  overallError: number | null
  maxBurst: number | null
  /** The association's fragmentation point. */
  maxSeg: number
  peer: {
    /** The peer's verification tag. */
    tag: number | null
    /** The peer's receive window. */
    rwnd: number
    /** sctpi_peer_capable: the peer's capabilities (ECN, address types, ASCONF, PR-SCTP, AUTH) as bits, as Linux packs them. */
    cap: number | null
    /** sctpi_peer_sack: SACK state bits, as Linux packs them. */
    sack: number | null
  }
}

/** One peerInfoByAddress entry (SCTP_GET_PEER_ADDR_INFO). */
export interface PeerAddressInfo {
  /** enum sctp_spinfo_state: SCTP_INACTIVE 0, SCTP_PF 1, SCTP_ACTIVE 2, SCTP_UNCONFIRMED 3, SCTP_UNKNOWN 65535. */
  state: number | null
  cwnd: number
  /** ms */
  srtt: number
  /** ms */
  rto: number
  mtu: number
}

export interface SctpAssocChange {
  sac_type: number; sac_flags: number; sac_length: number
  /** enum sctp_sac_state: SCTP_COMM_UP 0, SCTP_COMM_LOST 1, SCTP_RESTART 2, SCTP_SHUTDOWN_COMP 3, SCTP_CANT_STR_ASSOC 4 */
  sac_state: number
  /** As the kernel stores it (the cause code in network byte order). */
  sac_error: number
  sac_outbound_streams: number
  sac_inbound_streams: number
  sac_assoc_id: number
  sac_info: Buffer
}

export interface SctpPaddrChange {
  spc_type: number; spc_flags: number; spc_length: number
  /** struct sockaddr_storage, 128 bytes as delivered. */
  spc_aaddr: Buffer
  /** SCTP_ADDR_AVAILABLE 0, _UNREACHABLE 1, _REMOVED 2, _ADDED 3, _MADE_PRIM 4, _CONFIRMED 5, _POTENTIALLY_FAILED 6 */
  spc_state: number
  spc_error: number
  spc_assoc_id: number
}

export interface SctpRemoteError {
  sre_type: number; sre_flags: number; sre_length: number
  /** __be16 as read on this host. */
  sre_error: number
  sre_assoc_id: number
  sre_data: Buffer
}

export interface SctpSndRcvInfo {
  sinfo_stream: number; sinfo_ssn: number; sinfo_flags: number
  /** As passed to the kernel: network byte order. */
  sinfo_ppid: number
  sinfo_context: number; sinfo_timetolive: number; sinfo_tsn: number; sinfo_cumtsn: number; sinfo_assoc_id: number
}

export interface SctpSendFailed {
  ssf_type: number; ssf_flags: number; ssf_length: number
  ssf_error: number
  ssf_info: SctpSndRcvInfo
  ssf_assoc_id: number
  ssf_data: Buffer
}

export interface SctpSndInfo {
  snd_sid: number; snd_flags: number
  /** As passed to the kernel: network byte order. */
  snd_ppid: number
  snd_context: number; snd_assoc_id: number
}

export interface SctpSendFailedEvent {
  ssf_type: number; ssf_flags: number; ssf_length: number
  ssf_error: number
  ssfe_info: SctpSndInfo
  ssf_assoc_id: number
  ssf_data: Buffer
}

export interface SctpShutdownEvent { sse_type: number; sse_flags: number; sse_length: number; sse_assoc_id: number }
export interface SctpAdaptationEvent { sai_type: number; sai_flags: number; sai_length: number; sai_adaptation_ind: number; sai_assoc_id: number }
export interface SctpPdapiEvent {
  pdapi_type: number; pdapi_flags: number; pdapi_length: number
  pdapi_indication: number; pdapi_assoc_id: number
  pdapi_stream?: number; pdapi_seq?: number
}
export interface SctpAuthkeyEvent {
  auth_type: number; auth_flags: number; auth_length: number
  auth_keynumber: number; auth_altkeynumber: number; auth_indication: number; auth_assoc_id: number
}
export interface SctpSenderDryEvent { sender_dry_type: number; sender_dry_flags: number; sender_dry_length: number; sender_dry_assoc_id: number }
export interface SctpStreamResetEvent {
  strreset_type: number; strreset_flags: number; strreset_length: number
  strreset_assoc_id: number
  strreset_stream_list: number[]
}
export interface SctpAssocResetEvent {
  assocreset_type: number; assocreset_flags: number; assocreset_length: number
  assocreset_assoc_id: number; assocreset_local_tsn: number; assocreset_remote_tsn: number
}
export interface SctpStreamChangeEvent {
  strchange_type: number; strchange_flags: number; strchange_length: number
  strchange_assoc_id: number; strchange_instrms: number; strchange_outstrms: number
}

/**
 * union sctp_notification by its members' names: the header's fields and
 * the member of sn_type (one of the optional ones). All absent for fewer
 * than 8 bytes; the header only for a type not known or bytes that do not
 * decode.
 */
export interface ParsedNotification {
  /** SCTP_ASSOC_CHANGE = 0x8001, ... (Linux numbering). */
  sn_type?: number
  sn_flags?: number
  sn_length?: number
  sn_assoc_change?: SctpAssocChange
  sn_paddr_change?: SctpPaddrChange
  sn_remote_error?: SctpRemoteError
  sn_send_failed?: SctpSendFailed
  sn_shutdown_event?: SctpShutdownEvent
  sn_adaptation_event?: SctpAdaptationEvent
  sn_pdapi_event?: SctpPdapiEvent
  sn_authkey_event?: SctpAuthkeyEvent
  sn_sender_dry_event?: SctpSenderDryEvent
  sn_strreset_event?: SctpStreamResetEvent
  sn_assocreset_event?: SctpAssocResetEvent
  sn_strchange_event?: SctpStreamChangeEvent
  sn_send_failed_event?: SctpSendFailedEvent
}

export interface Notification {
  /** The bytes as the kernel delivered them. */
  raw: Buffer
  parsed: ParsedNotification
  /** One sentence (this package's). */
  interpreted: string
}

type Replaced = 'status' | 'peerInfoByAddress' | 'on' | 'once'

/** The main entry's socket (every method and field) with node-lksctp's shapes. */
export interface SctpSocket extends Omit<MainSocket, Replaced> {
  status (): Status
  readonly peerInfoByAddress: { [address: string]: PeerAddressInfo | undefined }

  on (event: 'data', listener: (message: Message) => void): this
  on (event: 'notification', listener: (notification: Notification) => void): this
  on (event: 'address-change' | 'peer-info-update', listener: () => void): this
  on (event: 'connect' | 'ready' | 'end' | 'drain' | 'finish' | 'timeout', listener: () => void): this
  on (event: 'close', listener: (hadError: boolean) => void): this
  on (event: 'error', listener: (err: NodeJS.ErrnoException) => void): this
  on (event: string | symbol, listener: (...args: any[]) => void): this
  once (event: 'data', listener: (message: Message) => void): this
  once (event: 'notification', listener: (notification: Notification) => void): this
  once (event: 'address-change' | 'peer-info-update', listener: () => void): this
  once (event: 'connect' | 'ready' | 'end' | 'drain' | 'finish' | 'timeout', listener: () => void): this
  once (event: 'close', listener: (hadError: boolean) => void): this
  once (event: 'error', listener: (err: NodeJS.ErrnoException) => void): this
  once (event: string | symbol, listener: (...args: any[]) => void): this
}

export declare class Server extends EventEmitter {
  constructor (options?: ServerOptions, connectionListener?: (socket: SctpSocket) => void)
  constructor (connectionListener?: (socket: SctpSocket) => void)
  readonly listening: boolean
  /** As net's: associations past this many are closed at once ('drop'). */
  maxConnections?: number
  /** Without host/localAddresses: IPv4's 0.0.0.0. Addresses are IP literals, checked at once. */
  listen (options?: ListenOptions, callback?: () => void): this
  listen (callback?: () => void): this
  address (): AddressInfo | null
  getLocalAddresses (): AddressInfo[]
  addLocalAddress (address: string): this
  removeLocalAddress (address: string): this
  getConnections (callback: (err: Error | null, count: number) => void): this
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
/** host or remoteAddresses is required; every address is an IP literal, checked at once. */
export declare function connect (options: ConnectOptions, connectListener?: () => void): SctpSocket
export declare function createConnection (options: ConnectOptions, connectListener?: () => void): SctpSocket
