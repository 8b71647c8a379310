package org.idnet.gateway.routes;

import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.ExtensionRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.idnet.api.v1.AccessPolicy;
import org.idnet.api.v1.AccessProto;
import org.idnet.api.v1.FieldLimitsProto;
import org.idnet.api.v1.HttpStatusProto;
import org.idnet.api.v1.IdempotencyProto;
import org.idnet.api.v1.TagProto;
import org.springframework.http.HttpMethod;

/**
 * Every external route of the contract, read from the descriptor set that the {@code proto} module
 * compiles ({@code idnet/idnet-api.protoset}). A method becomes a route only when it has both a
 * {@code google.api.http} rule and an {@code access} policy: no policy, no route (deny by default),
 * and internal methods, which have no HTTP rule, are never reachable from outside.
 */
public final class ApiCatalog {

  public static final String DESCRIPTOR_SET = "idnet/idnet-api.protoset";

  private final List<ApiRoute> routes;

  private ApiCatalog(List<ApiRoute> routes) {
    this.routes = List.copyOf(routes);
  }

  public static ApiCatalog load() {
    try (InputStream in = ApiCatalog.class.getClassLoader().getResourceAsStream(DESCRIPTOR_SET)) {
      if (in == null) {
        throw new IllegalStateException(DESCRIPTOR_SET + " is not on the class path (is idnet-proto built?)");
      }
      ExtensionRegistry registry = ExtensionRegistry.newInstance();
      AnnotationsProto.registerAllExtensions(registry);
      AccessProto.registerAllExtensions(registry);
      HttpStatusProto.registerAllExtensions(registry);
      // Read by the OpenAPI document and the request transcoder (field limits, tags, idempotency).
      FieldLimitsProto.registerAllExtensions(registry);
      TagProto.registerAllExtensions(registry);
      IdempotencyProto.registerAllExtensions(registry);
      org.idnet.api.v1.PreconditionsProto.registerAllExtensions(registry);
      return fromFiles(build(FileDescriptorSet.parseFrom(in, registry)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + DESCRIPTOR_SET, e);
    }
  }

  static ApiCatalog fromFiles(List<FileDescriptor> files) {
    List<ApiRoute> routes = new ArrayList<>();
    for (FileDescriptor file : files) {
      for (ServiceDescriptor service : file.getServices()) {
        for (MethodDescriptor method : service.getMethods()) {
          route(method).ifPresent(routes::add);
        }
      }
    }
    return new ApiCatalog(routes);
  }

  private static Optional<ApiRoute> route(MethodDescriptor method) {
    var options = method.getOptions();
    if (!options.hasExtension(AnnotationsProto.http) || !options.hasExtension(AccessProto.access)) {
      return Optional.empty();
    }
    HttpRule rule = options.getExtension(AnnotationsProto.http);
    AccessPolicy policy = options.getExtension(AccessProto.access);
    if (policy.getPeersCount() > 0 && !policy.getPeersList().contains("gateway")) {
      // A method for other idnet services only: an HTTP rule on it would be a contract mistake,
      // and the service would refuse the gateway anyway.
      throw new IllegalStateException(method.getFullName() + ": has an HTTP rule but its access policy's peers "
          + policy.getPeersList() + " do not include the gateway");
    }
    if (!rule.getAdditionalBindingsList().isEmpty()) {
      throw new IllegalStateException(method.getFullName() + ": additional_bindings are not supported");
    }
    HttpMethod httpMethod;
    String path;
    switch (rule.getPatternCase()) {
      case GET -> { httpMethod = HttpMethod.GET; path = rule.getGet(); }
      case POST -> { httpMethod = HttpMethod.POST; path = rule.getPost(); }
      case PUT -> { httpMethod = HttpMethod.PUT; path = rule.getPut(); }
      case PATCH -> { httpMethod = HttpMethod.PATCH; path = rule.getPatch(); }
      case DELETE -> { httpMethod = HttpMethod.DELETE; path = rule.getDelete(); }
      default -> throw new IllegalStateException(method.getFullName() + ": unsupported HTTP rule " + rule.getPatternCase());
    }
    int status = options.getExtension(HttpStatusProto.successStatus);
    if (status != 0 && (status < 200 || status > 299)) {
      throw new IllegalStateException(method.getFullName() + ": success_status must be 2xx, is " + status);
    }
    return Optional.of(new ApiRoute(httpMethod, PathTemplate.parse(path), method, rule.getBody(),
        rule.getResponseBody(), policy, status));
  }

  /** Builds the file descriptors in dependency order (the set lists imports too). */
  private static List<FileDescriptor> build(FileDescriptorSet set) {
    Map<String, FileDescriptorProto> protos = new HashMap<>();
    set.getFileList().forEach(f -> protos.put(f.getName(), f));
    Map<String, FileDescriptor> built = new HashMap<>();
    List<FileDescriptor> files = new ArrayList<>();
    for (FileDescriptorProto proto : set.getFileList()) {
      files.add(build(proto.getName(), protos, built));
    }
    return files;
  }

  private static FileDescriptor build(String name, Map<String, FileDescriptorProto> protos,
      Map<String, FileDescriptor> built) {
    FileDescriptor done = built.get(name);
    if (done != null) {
      return done;
    }
    FileDescriptorProto proto = protos.get(name);
    if (proto == null) {
      throw new IllegalStateException("descriptor set lacks the import " + name);
    }
    FileDescriptor[] deps = proto.getDependencyList().stream()
        .map(dep -> build(dep, protos, built)).toArray(FileDescriptor[]::new);
    try {
      FileDescriptor file = FileDescriptor.buildFrom(proto, deps);
      built.put(name, file);
      return file;
    } catch (DescriptorValidationException e) {
      throw new IllegalStateException("invalid descriptor " + name + ": " + e.getMessage(), e);
    }
  }

  public List<ApiRoute> routes() {
    return routes;
  }

  /** The routes served by one of these services (the backends this gateway is configured for). */
  public List<ApiRoute> routesOf(java.util.Collection<String> serviceNames) {
    return routes.stream().filter(r -> serviceNames.contains(r.serviceName())).toList();
  }
}
