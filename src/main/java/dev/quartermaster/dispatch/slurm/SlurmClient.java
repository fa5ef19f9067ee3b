package dev.quartermaster.dispatch.slurm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** slurmrestd's REST API (v0.0.38, JWT authentication) over java.net.http. */
public final class SlurmClient {

    static final String API = "/slurm/v0.0.38";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String user;
    private final Supplier<String> token;
    private final HttpClient http;
    private final Duration timeout;

    public SlurmClient(URI base, String user, Supplier<String> token, Duration timeout) {
        this.base = base;
        this.user = user == null ? "root" : user;
        this.token = token;
        this.timeout = timeout;
        // HTTP/1.1: slurmrestd cannot parse the h2c upgrade request java.net.http sends by default.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    /** A batch job to submit. {@code gpusPerNode} is Slurm's {@code type:count}, e.g. {@code h100:4}. */
    public record Submission(String name, String comment, String partition, int nodes, String gpusPerNode, int timeLimitMinutes, String script) {}

    public void ping() throws SlurmException {
        send("GET", "/ping", null);
    }

    public long submit(Submission s) throws SlurmException {
        ObjectNode body = JSON.createObjectNode();
        body.put("script", s.script());
        ObjectNode job = body.putObject("job");
        job.put("name", s.name());
        job.put("comment", s.comment());
        job.put("partition", s.partition());
        job.put("nodes", s.nodes());
        job.put("gpus_per_node", s.gpusPerNode());
        job.put("time_limit", s.timeLimitMinutes());
        job.put("memory_per_node", 100);
        job.put("current_working_directory", "/tmp");
        job.putObject("environment").put("PATH", "/bin:/usr/bin:/usr/local/bin");
        JsonNode answer = send("POST", "/job/submit", body);
        if (!answer.has("job_id")) {
            throw new SlurmException("slurmrestd did not return a job id: " + answer, false, null);
        }
        return answer.get("job_id").asLong();
    }

    public List<SlurmJob> jobs() throws SlurmException {
        List<SlurmJob> jobs = new ArrayList<>();
        for (JsonNode j : send("GET", "/jobs", null).path("jobs")) {
            jobs.add(job(j));
        }
        return jobs;
    }

    public void cancel(long jobId) throws SlurmException {
        send("DELETE", "/job/" + jobId, null);
    }

    /** GPUs per node as the nodes endpoint reports them: name, state, configured and used GRES. */
    public record Node(String name, String state, String gres, String gresUsed) {}

    public List<Node> nodes() throws SlurmException {
        List<Node> nodes = new ArrayList<>();
        for (JsonNode n : send("GET", "/nodes", null).path("nodes")) {
            nodes.add(new Node(n.path("name").asText(), n.path("state").asText(), n.path("gres").asText(), n.path("gres_used").asText()));
        }
        return nodes;
    }

    private static SlurmJob job(JsonNode j) {
        return new SlurmJob(j.path("job_id").asLong(), j.path("name").asText(), j.path("job_state").asText(),
                j.path("state_reason").asText(null), j.path("comment").asText(null), time(j.path("start_time")),
                time(j.path("end_time")), j.path("exit_code").asInt());
    }

    private static Instant time(JsonNode seconds) {
        return seconds.isNumber() && seconds.asLong() > 0 ? Instant.ofEpochSecond(seconds.asLong()) : null;
    }

    private JsonNode send(String method, String path, JsonNode body) throws SlurmException {
        String jwt;
        try {
            jwt = token.get();
        } catch (RuntimeException e) {
            throw new SlurmException(e.getMessage(), false, e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(API + path)).timeout(timeout)
                .header("X-SLURM-USER-NAME", user).header("Accept", "application/json");
        if (jwt != null) {
            request.header("X-SLURM-USER-TOKEN", jwt);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new SlurmException("slurmrestd at " + base + " is unreachable: " + e, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlurmException("interrupted", true, e);
        }
        if (response.statusCode() >= 500) {
            throw new SlurmException("slurmrestd at " + base + " answered " + response.statusCode() + " to " + method + " " + path, true, null);
        }
        JsonNode json;
        try {
            json = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new SlurmException("slurmrestd answered " + response.statusCode() + " with a body that is not JSON", false, e);
        }
        if (response.statusCode() >= 400 || json.path("errors").size() > 0) {
            throw new SlurmException("slurmrestd refused " + method + " " + path + " (" + response.statusCode() + "): "
                    + json.path("errors"), false, null);
        }
        return json;
    }
}
