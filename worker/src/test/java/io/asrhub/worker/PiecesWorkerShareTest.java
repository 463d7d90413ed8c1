package io.asrhub.worker;

/**
 * Every rule of {@link PiecesWorkerTest} again on share groups: long jobs split, pieces taken from
 * the pieces topic's own share group and answered, bad piece records dead-lettered, the piece
 * watchdog — the same pipeline, fed by the share source.
 */
class PiecesWorkerShareTest extends PiecesWorkerTest {
    @Override
    MockWorker.Mode mode() {
        return MockWorker.Mode.SHARE;
    }
}
