import { Event } from "sdk/event";
import { applicationId, branch, commit, functionId, projectId } from "sdk/self";

// Answers the function's own ids, comma-separated: id, project, application, commit, branch.
export function asself(e: Event): u32 {
  let h = e.http().unwrap();
  h.write([functionId(), projectId(), applicationId(), commit(), branch()].join(","));
  return 0;
}
