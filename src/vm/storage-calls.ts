/**
 * The storage operations a guest's host functions ask of the node (answered by the substrate's
 * FunctionStorages): file content lives on the hoarders by content id, the file index in a hoarder database.
 * `version` 0 means the latest, as in tau. Content (`stContent*`) is any blob by content id, outside a storage.
 */
import type { StorageRef } from '../shared/storage-ref.js'

export type StorageCall =
  | { op: 'stOpen'; matcher: string }
  | { op: 'stAdd'; st: StorageRef; file: string; data: Uint8Array; overwrite: boolean }
  | { op: 'stRead'; st: StorageRef; file: string; version: number }
  | { op: 'stDelete'; st: StorageRef; file: string; version: number; all: boolean }
  | { op: 'stVersions'; st: StorageRef; file: string }
  | { op: 'stFiles'; st: StorageRef }
  | { op: 'stCurrent'; st: StorageRef; file: string }
  | { op: 'stUsed'; st: StorageRef }
  | { op: 'stCid'; st: StorageRef; file: string }
  | { op: 'stContentGet'; cid: string }
  | { op: 'stContentPush'; data: Uint8Array }
