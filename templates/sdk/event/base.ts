// `sdk/event/base` of the published SDK: the event classes live in sdk/event.
export { Event, Event as BaseEvent } from "../event";
