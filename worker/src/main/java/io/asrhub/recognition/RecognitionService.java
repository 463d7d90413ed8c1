package io.asrhub.recognition;

import io.asrhub.audio.AudioDecoder;
import io.asrhub.audio.DecodedAudio;
import io.asrhub.errors.AsrException;
import io.asrhub.pool.PooledTranscriber;
import io.asrhub.pool.RecognizerPool;
import io.asrhub.pool.Reservation;
import io.asrhub.provider.RecognitionRequest;

import java.nio.file.Path;

/**
 * Decode, then recognise through the pool. Decoding happens before a slot is taken, so a slow or
 * broken file never holds a recognizer.
 */
public final class RecognitionService implements AutoCloseable {
    private final AudioDecoder decoder;
    private final RecognizerPool pool;
    private final PooledTranscriber transcriber;

    public RecognitionService(AudioDecoder decoder, RecognizerPool pool) {
        this.decoder = decoder;
        this.pool = pool;
        this.transcriber = new PooledTranscriber(pool);
    }

    public RecognizerPool pool() {
        return pool;
    }

    public AudioDecoder decoder() {
        return decoder;
    }

    public Transcription transcribeFile(Path file, String language) throws AsrException {
        return recognise(file.toString(), decodeFile(file), language);
    }

    /** Decodes to what this service's provider needs; callers that retry recognition decode once. */
    public DecodedAudio decode(String source, byte[] data) throws AsrException {
        return decoder.decode(source, data, pool.provider().sampleRate());
    }

    /** The audio as a stream at the engine's rate ({@link AudioDecoder#open}); closes {@code in}. */
    public io.asrhub.audio.PcmStream open(String source, java.io.InputStream in) throws AsrException {
        return decoder.open(source, in, pool.provider().sampleRate());
    }

    public DecodedAudio decodeFile(Path file) throws AsrException {
        return decoder.decodeFile(file, pool.provider().sampleRate());
    }

    public Transcription recognise(String source, DecodedAudio audio, String language) throws AsrException {
        return transcription(source, audio, transcriber.transcribe(new RecognitionRequest(source, audio, language,
                false)));
    }

    /** Recognises on a slot the caller reserved at admission. */
    public Transcription recognise(Reservation reservation, String source, DecodedAudio audio, String language)
            throws AsrException {
        return transcription(source, audio, transcriber.transcribe(reservation,
                new RecognitionRequest(source, audio, language, false)));
    }

    private Transcription transcription(String source, DecodedAudio audio, PooledTranscriber.Result r) {
        return new Transcription(source, r.transcript(), pool.provider().name(), pool.provider().modelName(),
                audio.sourceFormat(), audio.durationMs(), r.waitMs(), r.processingMs(), 1, audio.truncated());
    }

    @Override
    public void close() {
        pool.close();
    }
}
