/**
 * One parsed YAML file plus typed, issue-reporting field readers. Readers never throw: a bad or
 * missing field becomes an Issue (with line/column when the node exists) and a neutral value, so the
 * compiler can keep going and report every problem of the build at once.
 */
import { LineCounter, parseDocument, type Document } from 'yaml'
import { ConfigErrorCodes, show, type ConfigErrorCode, type IssueList } from './issues.js'
import { spend, type ExpansionBudget } from './limits.js'

/** yaml's own guard against alias bombs of nested nodes (its default, said here): anchored nodes × uses. */
const MAX_ALIAS_COUNT = 100

type Obj = Record<string, unknown>

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

export class Doc {
  readonly file: string
  readonly data: Obj
  readonly #doc: Document
  readonly #lines: LineCounter
  readonly #issues: IssueList

  private constructor(file: string, data: Obj, doc: Document, lines: LineCounter, issues: IssueList) {
    this.file = file
    this.data = data
    this.#doc = doc
    this.#lines = lines
    this.#issues = issues
  }

  /**
   * Parses `text`; on a syntax error (or a non-mapping document) reports it and returns undefined. The document,
   * its aliases expanded, is counted against `budget`, shared by every file of the repository: past it the file
   * is reported (CONFIG_TOO_LARGE) and nothing of it is kept.
   */
  static parse(file: string, text: string, issues: IssueList, budget: ExpansionBudget): Doc | undefined {
    const lines = new LineCounter()
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true })
    const err = doc.errors[0]
    if (err !== undefined) {
      const pos = err.linePos?.[0]
      // yaml's message repeats the position and a code excerpt; keep the first line only.
      const text1 = (err.message.split('\n')[0] ?? err.message).replace(/ at line \d+, column \d+:?$/, '')
      issues.add({
        code: ConfigErrorCodes.yaml,
        file,
        line: pos?.line,
        col: pos?.col,
        problem: `YAML syntax error: ${text1}`
      })
      return undefined
    }
    let data: unknown
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT })
    } catch (thrown) {
      // yaml refuses to expand aliases past its limit (a "billion laughs" file): the user's YAML, not a crash.
      issues.add({
        code: ConfigErrorCodes.yaml,
        file,
        problem: `YAML refused: ${thrown instanceof Error ? thrown.message : String(thrown)}`
      })
      return undefined
    }
    if (!spend(data, budget)) {
      issues.add({
        code: ConfigErrorCodes.tooLarge,
        file,
        problem:
          `with its aliases expanded, the config's YAML is over ${budget.max} bytes by this file, ` +
          'more than a config may be: write values once instead of repeating large anchors'
      })
      return undefined
    }
    if (data === null || data === undefined) return new Doc(file, {}, doc, lines, issues)
    if (!isObj(data)) {
      issues.add({
        code: ConfigErrorCodes.invalid,
        file,
        line: 1,
        col: 1,
        problem: 'expected a YAML mapping at the top level'
      })
      return undefined
    }
    return new Doc(file, data, doc, lines, issues)
  }

  /** Value at a dotted path (`trigger.type`), or undefined. */
  get(path: string): unknown {
    let cur: unknown = this.data
    for (const k of path.split('.')) {
      if (!isObj(cur)) return undefined
      cur = cur[k]
    }
    return cur
  }

  /** The key is written, even with an empty value (`description:`), which tau compiles to its zero value. */
  present(path: string): boolean {
    return this.get(path) !== undefined
  }

  has(path: string): boolean {
    const v = this.get(path)
    return v !== undefined && v !== null
  }

  /** First of several spellings that is present (current name first, legacy names after). */
  pick(...paths: string[]): string {
    return paths.find(p => this.has(p)) ?? paths[0] ?? ''
  }

  /** Reports a problem with `path`, locating the node when it exists. */
  fail(path: string | undefined, problem: string, code: ConfigErrorCode = ConfigErrorCodes.invalid): void {
    const pos = path !== undefined ? this.#locate(path) : undefined
    this.#issues.add({ code, file: this.file, field: path, line: pos?.line, col: pos?.col, problem })
  }

  /** A string field. Numbers are accepted and stringified (repo ids are often written unquoted). */
  str(path: string, required = false): string | undefined {
    const v = this.get(path)
    if (v === undefined || v === null || v === '') {
      if (required) this.fail(path, 'is required')
      return undefined
    }
    if (typeof v === 'string') return v
    if (typeof v === 'number') return String(v)
    this.fail(path, `expected a string, got ${show(v)}`)
    return undefined
  }

  bool(path: string): boolean {
    const v = this.get(path)
    if (v === undefined || v === null) return false
    if (typeof v === 'boolean') return v
    this.fail(path, `expected true or false, got ${show(v)}`)
    return false
  }

  /** A list of strings; a single string is accepted as a one-element list. */
  strList(path: string, required = false): string[] {
    const v = this.get(path)
    if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) {
      if (required) this.fail(path, 'is required (a non-empty list)')
      return []
    }
    if (typeof v === 'string') return [v]
    if (Array.isArray(v) && v.every(x => typeof x === 'string')) return v as string[]
    this.fail(path, `expected a list of strings, got ${show(v)}`)
    return []
  }

  #locate(path: string): { line: number; col: number } | undefined {
    const node = this.#doc.getIn(path.split('.'), true) as { range?: [number, number, number] } | undefined
    const start = node?.range?.[0]
    return start === undefined ? undefined : this.#lines.linePos(start)
  }
}
