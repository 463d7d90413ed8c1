package io.asrhub.audio;

/**
 * A {@link PcmStream} over audio that was decoded whole: the formats whose decoders cannot deliver
 * samples as they go (MP3, OGG Vorbis, Opus through their codec libraries) are read this way, so
 * their decoded samples are held in memory for as long as the stream is used.
 */
public final class ArrayPcmStream implements PcmStream {
    private final DecodedAudio audio;
    private int position;

    public ArrayPcmStream(DecodedAudio audio) {
        this.audio = audio;
    }

    @Override
    public int sampleRate() {
        return audio.sampleRate();
    }

    @Override
    public String sourceFormat() {
        return audio.sourceFormat();
    }

    @Override
    public int read(float[] into, int offset, int length) {
        int n = Math.min(length, audio.samples().length - position);
        if (n <= 0) {
            return -1;
        }
        System.arraycopy(audio.samples(), position, into, offset, n);
        position += n;
        return n;
    }

    @Override
    public boolean truncated() {
        return audio.truncated();
    }

    @Override
    public void close() {
        // nothing held besides the array, which goes with this object
    }
}
