package io.paramavg.worker.data;

/**
 * Input data that does not hold what it should. The message always names the file, the field (or
 * byte offset), what was expected and what was found, because the user's fix is in that file.
 */
public final class DataFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String file;

    public DataFormatException(String file, String field, String expected, String found) {
        super(file + ": " + field + ": expected " + expected + ", found " + found);
        this.file = file;
    }

    public DataFormatException(String file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /** The file (path or name) the problem was found in. */
    public String file() {
        return file;
    }
}
