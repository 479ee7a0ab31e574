using Google.Protobuf;

namespace RevOps.Simulator.Planning;

/// <summary>
/// One request of the timeline, as it will be sent: a SubmitLead, RecordActivity, RecordTouch, RecordDisposition or
/// RecordOpportunity request with its idempotency key, or an AnnotateBreach request with its reason. The runner fills in what
/// only the services know (lead id, owning rep, breach ids) and the timestamps, which depend on when the run started.
/// </summary>
/// <param name="At">Simulated time since the start of the run.</param>
/// <param name="Lead">The lead's number in the plan, from 0.</param>
/// <param name="Step">The request's number within its lead's journey, from 0.</param>
/// <param name="Late">The rep sends this only after the follow-up deadline it could have met has passed.</param>
/// <param name="IsLastOfLead">No later request belongs to this lead.</param>
public sealed record PlannedAction(TimeSpan At, int Lead, int Step, IMessage Request, bool Late, bool IsLastOfLead);
