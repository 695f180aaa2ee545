// The type of an event, as the published taubyte AssemblyScript SDK models it (`sdk/event/type`).
export enum enumEventType {
  EventTypeUndefined = 0,
  EventTypeHttp,
  EventTypePubsub,
  EventTypeP2P,
}

const NAMES: string[] = ["EventTypeUndefined", "EventTypeHttp", "EventTypePubsub", "EventTypeP2P"];

export class EventType {
  constructor(public value: u32) {}

  toString(): string {
    return this.value < <u32>NAMES.length ? NAMES[this.value] : "EventType(" + this.value.toString() + ")";
  }

  isHttp(): bool { return this.value == enumEventType.EventTypeHttp; }
  isPubsub(): bool { return this.value == enumEventType.EventTypePubsub; }
  isP2P(): bool { return this.value == enumEventType.EventTypeP2P; }
}
