package io.paramavg.worker.onnx;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A protobuf message's top-level fields read back from its bytes, independently of {@link ProtoWriter}:
 * enough to check what ONNX Runtime's API does not show (the IR version, the opset import).
 */
final class ProtoFields {
    private record Field(int number, int wireType, long varint, byte[] bytes) {
    }

    private final List<Field> fields = new ArrayList<>();

    static ProtoFields of(byte[] message) {
        ProtoFields parsed = new ProtoFields();
        int[] at = {0};
        while (at[0] < message.length) {
            long tag = varint(message, at);
            int number = (int) (tag >>> 3);
            int wireType = (int) (tag & 7);
            switch (wireType) {
                case 0 -> parsed.fields.add(new Field(number, wireType, varint(message, at), null));
                case 2 -> {
                    int length = (int) varint(message, at);
                    byte[] bytes = java.util.Arrays.copyOfRange(message, at[0], at[0] + length);
                    at[0] += length;
                    parsed.fields.add(new Field(number, wireType, 0, bytes));
                }
                case 5 -> {
                    parsed.fields.add(new Field(number, wireType, 0,
                            java.util.Arrays.copyOfRange(message, at[0], at[0] + 4)));
                    at[0] += 4;
                }
                default -> throw new IllegalArgumentException("wire type " + wireType + " at field " + number);
            }
        }
        return parsed;
    }

    long varint(int number) {
        return first(number).varint;
    }

    byte[] message(int number) {
        return first(number).bytes;
    }

    String string(int number) {
        return new String(first(number).bytes, StandardCharsets.UTF_8);
    }

    private Field first(int number) {
        return fields.stream().filter(f -> f.number == number).findFirst()
                .orElseThrow(() -> new AssertionError("no field " + number));
    }

    private static long varint(byte[] bytes, int[] at) {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = bytes[at[0]++];
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
    }
}
