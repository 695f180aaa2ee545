/** `/tns/v1` command bodies and replies (the handlers are in service.ts, the leaf model in tree.ts). */
export interface PushBody { path: string[], data: unknown, /** set on copies fanned out to other tns nodes */ replica?: boolean }
export interface FetchBody { path: string[] }
export interface LookupBody { prefix: string[], regex?: boolean }
export interface ListBody { depth?: number }

export interface FetchReply { object: unknown }
export interface LookupReply { keys: string[] }
export interface ListReply { keys: string[][] }
export interface DumpReply { leaves: Array<[string, unknown]> }
