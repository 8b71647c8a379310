package org.idnet.gateway.transcoding;

import io.grpc.ManagedChannel;
import java.time.Duration;

/** A gRPC backend: its name (for breakers and logs), its shared channel and its call deadline. */
public record Backend(String name, ManagedChannel channel, Duration deadline) {
}
