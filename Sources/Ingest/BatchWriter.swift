import Synchronization
import TicketStore

/// The run's single writer: records arrive from the scheduler and are committed in
/// batches, each batch one transaction.
///
/// It runs in its own task, outside the scheduler's cancellation, so an interrupted run
/// still commits every ticket that completed.
final class BatchWriter: Sendable {
    private let continuation: AsyncStream<FetchRecord>.Continuation
    private let task: Task<StoreError?, Never>
    private let failureBox = FailureBox()

    init(store: TicketStore, source: String, runID: Int64, batchSize: Int) {
        let (stream, continuation) = AsyncStream<FetchRecord>.makeStream()
        self.continuation = continuation
        let failureBox = self.failureBox
        task = Task {
            var batch: [FetchRecord] = []
            batch.reserveCapacity(batchSize)
            var lastFlush = ContinuousClock.now
            func flush() async -> StoreError? {
                guard !batch.isEmpty else { return nil }
                do {
                    try await store.write(batch, source: source, runID: runID)
                } catch {
                    failureBox.value.withLock { $0 = error }
                    return error
                }
                batch.removeAll(keepingCapacity: true)
                lastFlush = .now
                return nil
            }
            for await record in stream {
                batch.append(record)
                // Slow helpdesks fill batches slowly: flush at least every second so a
                // crash loses little work.
                if batch.count >= batchSize || ContinuousClock.now - lastFlush > .seconds(1) {
                    if let error = await flush() { return error }
                }
            }
            return await flush()
        }
    }

    /// The write error that stopped the writer, if any.
    var failure: StoreError? { failureBox.value.withLock { $0 } }

    func append(_ record: FetchRecord) {
        continuation.yield(record)
    }

    /// Commits what is left and returns the first write error.
    func finish() async -> StoreError? {
        continuation.finish()
        return await task.value
    }
}

/// The writer's first error, readable by the scheduler while the writer runs.
final class FailureBox: Sendable {
    let value = Mutex<StoreError?>(nil)
}
