package app.queued.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The fault scenario's ledger and timings, as numbers (JSON) and as the tables the README shows. */
final class FaultResult {

    /** One fault: the votes sent while it lasted, what became of them, and how long the service took back. */
    record Row(FaultRun.Fault fault, int votesDuring, Map<String, Long> outcomes, long firstAckAfterMs,
               long unavailableP50Ms, long unavailableMaxMs, long slowestAnswerMs) {
    }

    final FaultRun.Plan plan;
    final double loadSeconds;
    final List<FaultRun.Fault> faults;
    final List<Row> rows = new ArrayList<>();
    final Map<String, Long> refusals = new LinkedHashMap<>();
    final List<String> notes = new ArrayList<>();
    long sent;
    long acked;
    long unanswered;
    long lost;
    long appliedTwice;
    long refusedButSaved;
    long seqHoles;
    long scoreMismatches;
    long clients;
    long converged;
    long redisFresh;
    long unknownOutcomes;
    long commitAnswersLost;
    long requestsInDoubt;

    FaultResult(FaultRun.Plan plan, double loadSeconds, List<FaultRun.Fault> faults) {
        this.plan = plan;
        this.loadSeconds = loadSeconds;
        this.faults = faults;
    }

    void note(String note) {
        if (notes.size() < 20) {
            notes.add(note);
        }
    }

    /** Nothing lost, applied twice, refused-but-saved, diverged or stale. */
    boolean clean() {
        return lost == 0 && appliedTwice == 0 && refusedButSaved == 0 && seqHoles == 0 && scoreMismatches == 0
                && converged == clients && redisFresh == plan.rooms();
    }

    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("scenario", "faults");
        json.put("rooms", plan.rooms());
        json.put("clients", plan.rooms() * plan.clientsPerRoom());
        json.put("rate", plan.rate());
        json.put("durationS", round(loadSeconds));
        json.put("votesSent", sent);
        json.put("votesAcked", acked);
        json.put("refused", refusals);
        json.put("unanswered", unanswered);
        json.put("lost", lost);
        json.put("appliedTwice", appliedTwice);
        json.put("refusedButSaved", refusedButSaved);
        json.put("clientsConverged", converged + "/" + clients);
        json.put("redisFresh", redisFresh + "/" + plan.rooms());
        json.put("commitAnswersLost", commitAnswersLost);
        json.put("requestsInDoubt", requestsInDoubt);
        json.put("outcomeUnknownAnswers", unknownOutcomes);
        List<Map<String, Object>> faultJson = new ArrayList<>();
        for (Row row : rows) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("fault", row.fault().name());
            f.put("atS", round(row.fault().atS()));
            f.put("outageS", round(row.fault().outageS()));
            f.put("votesDuring", row.votesDuring());
            f.put("outcomes", row.outcomes());
            f.put("firstAckAfterMs", row.firstAckAfterMs());
            f.put("unavailableP50Ms", row.unavailableP50Ms());
            f.put("unavailableMaxMs", row.unavailableMaxMs());
            faultJson.add(f);
        }
        json.put("faults", faultJson);
        return json;
    }

    /** The two tables, in Markdown. */
    String table() {
        StringBuilder out = new StringBuilder();
        out.append("| fault | at | outage | votes sent meanwhile | their answers | refused `unavailable` within "
                + "(p50 / max) | first ack after it ended |\n");
        out.append("|---|---:|---:|---:|---|---:|---:|\n");
        for (Row row : rows) {
            FaultRun.Fault f = row.fault();
            out.append(String.format(Locale.ROOT, "| %s%s | %.0f s | %s | %d | %s | %s | %s |%n", f.name(),
                    f.detail().isEmpty() ? "" : " (" + f.detail() + ")", f.atS(),
                    f.outageS() > 0 ? String.format(Locale.ROOT, "%.1f s", f.outageS()) : "–", row.votesDuring(),
                    outcomes(row.outcomes()),
                    row.unavailableP50Ms() < 0 ? "–" : row.unavailableP50Ms() + " / " + row.unavailableMaxMs() + " ms",
                    row.firstAckAfterMs() < 0 ? "–" : row.firstAckAfterMs() + " ms"));
        }
        out.append('\n');
        out.append("| votes sent | acked | refused | no answer in 60 s | lost | applied twice | refused but saved "
                + "| screens converged | Redis current | commits whose answer was lost (requests) "
                + "| answered `outcome_unknown` |\n");
        out.append("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        out.append(String.format(Locale.ROOT, "| %d | %d | %s | %d | %d | %d | %d | %d/%d | %d/%d | %d (%d) | %d |%n",
                sent, acked, refusals.isEmpty() ? "0" : outcomes(refusals), unanswered, lost, appliedTwice,
                refusedButSaved, converged, clients, redisFresh, plan.rooms(), commitAnswersLost, requestsInDoubt,
                unknownOutcomes));
        if (!notes.isEmpty()) {
            out.append('\n');
            notes.forEach(n -> out.append("- ").append(n).append('\n'));
        }
        return out.toString();
    }

    private static String outcomes(Map<String, Long> outcomes) {
        List<String> parts = new ArrayList<>();
        outcomes.forEach((k, v) -> parts.add(v + " " + k));
        return parts.isEmpty() ? "–" : String.join(", ", parts);
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
