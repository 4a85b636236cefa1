/**
 * What the load generator touches of autocannon's per-connection client
 * (autocannon 8, lib/httpClient.js), in one place: its rate, which we set
 * while it runs, and the response it drops before a reconnect.
 */

/** The fields of an autocannon client we read, set or wrap. */
export interface AutocannonClient {
  rate: number;
  reconnectRate: number;
  pipelinedRequests: { terminateRequest(): { headers: { statusCode: number }; duration: number } };
  _resetConnection(): void;
}

/**
 * autocannon completes a connection's reconnectRate-th response and then
 * reconnects without emitting 'response' for it (kOnMessageComplete returns
 * early into _resetConnection). One response in every reconnectRate would
 * go uncounted and its latency unrecorded: at a reconnect every 7 requests a
 * generator would seem to reach 6/7 of its rate. This hands those responses
 * to `record` as well. Call it once per client, before its first reconnect.
 */
export function countResponseBeforeReconnect(
  client: AutocannonClient,
  record: (statusCode: number, ms: number) => void,
): void {
  const queue = client.pipelinedRequests;
  const terminate = queue.terminateRequest.bind(queue);
  let last: ReturnType<typeof terminate> | undefined;
  queue.terminateRequest = () => (last = terminate());
  const reset = client._resetConnection.bind(client);
  // autocannon calls _resetConnection only there, right after terminating the request it drops.
  client._resetConnection = () => {
    if (last) record(last.headers.statusCode, last.duration);
    last = undefined;
    reset();
  };
}
