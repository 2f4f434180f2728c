package io.tracelake.simulator;

import io.tracelake.model.SpanKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The exception a failed span logs with its end line, printed as each runtime prints it: Java through
 * Logback or {@code Throwable.printStackTrace}, Python's traceback, and Node.js's {@code error.stack}.
 *
 * <p>The exception is the span's failure ({@code SQLTransientConnectionException: HikariPool-1 - ...}),
 * thrown from the library it names, through the span's own class, on the frames of the thread pool the
 * span ran on. A Spring MVC request or Kafka listener that fails logs the framework's wrapper with the
 * failure as its cause, as those frameworks do. Rendered texts have no trailing newline.
 */
final class StackTraces {
  /** How Java prints a throwable. */
  enum JavaStyle {
    /** Logback's %ex: {@code ... 19 common frames omitted}. */
    LOGBACK,
    /** Spring Boot 3's %wEx: Logback's, with the jar of each frame. */
    SPRING_BOOT,
    /** Spring Boot 2's %wEx: javax.servlet and the libraries of its day. */
    SPRING_BOOT_2,
    /** {@code Throwable.printStackTrace}: {@code ... 19 more}. */
    JDK
  }

  /** A thrown exception as the top of a trace shows it. */
  record Thrown(String type, String message) {}

  private record Frame(String method, String jar) {}

  /** Where an exception of a failure's class comes from: its full name and the library frames that throw it. */
  private record Origin(String className, List<Frame> frames) {}

  private static final String SPRING = "6.1.14";
  private static final String TOMCAT = "tomcat-embed-core-10.1.31.jar:10.1.31";
  private static final String JDK_JAR = "na:na";
  private static final String APP_JAR = "classes!/:na";
  private static final String HIKARI = "HikariCP-5.1.0.jar:na";
  private static final String LETTUCE = "lettuce-core-6.3.2.RELEASE.jar:6.3.2.RELEASE";
  private static final String REACTOR_CORE = "reactor-core-3.6.11.jar:3.6.11";
  private static final String REACTOR_NETTY_HTTP = "reactor-netty-http-1.1.23.jar:1.1.23";
  private static final String REACTOR_NETTY = "reactor-netty-core-1.1.23.jar:1.1.23";
  private static final String NETTY_TRANSPORT = "netty-transport-4.1.114.Final.jar:4.1.114.Final";
  private static final String NETTY_EPOLL = "netty-transport-classes-epoll-4.1.114.Final.jar:4.1.114.Final";
  private static final String NETTY_COMMON = "netty-common-4.1.114.Final.jar:4.1.114.Final";

  private static final Map<String, Origin> ORIGINS = Map.ofEntries(
      Map.entry("SQLTransientConnectionException", new Origin("java.sql.SQLTransientConnectionException", List.of(
          frame(HIKARI, "com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:686)"),
          frame(HIKARI, "com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:179)"),
          frame(HIKARI, "com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:144)"),
          frame(HIKARI, "com.zaxxer.hikari.HikariDataSource.getConnection(HikariDataSource.java:99)"),
          spring("jdbc",
              "org.springframework.jdbc.datasource.DataSourceUtils.fetchConnection(DataSourceUtils.java:160)"),
          spring("jdbc",
              "org.springframework.jdbc.datasource.DataSourceUtils.doGetConnection(DataSourceUtils.java:118)"),
          spring("jdbc", "org.springframework.jdbc.core.JdbcTemplate.execute(JdbcTemplate.java:653)")))),
      Map.entry("RedisCommandTimeoutException", new Origin("io.lettuce.core.RedisCommandTimeoutException", List.of(
          frame(LETTUCE, "io.lettuce.core.internal.ExceptionFactory.createTimeoutException(ExceptionFactory.java:59)"),
          frame(LETTUCE, "io.lettuce.core.internal.Futures.awaitOrCancel(Futures.java:246)"),
          frame(LETTUCE,
              "io.lettuce.core.FutureSyncInvocationHandler.handleInvocation(FutureSyncInvocationHandler.java:75)"),
          frame(JDK_JAR, "jdk.proxy2/jdk.proxy2.$Proxy143.get(Unknown Source)")))),
      Map.entry("MailSendException", new Origin("org.springframework.mail.MailSendException", List.of(
          spring("context-support",
              "org.springframework.mail.javamail.JavaMailSenderImpl.doSend(JavaMailSenderImpl.java:447)"),
          spring("context-support",
              "org.springframework.mail.javamail.JavaMailSenderImpl.send(JavaMailSenderImpl.java:361)")))),
      Map.entry("TimeoutException", new Origin("org.apache.kafka.common.errors.TimeoutException", List.of(
          spring("kafka", "org.springframework.kafka.core.KafkaTemplate.doSend(KafkaTemplate.java:798)"),
          spring("kafka", "org.springframework.kafka.core.KafkaTemplate.send(KafkaTemplate.java:575)")))),
      Map.entry("HttpServerErrorException", new Origin("org.springframework.web.client.HttpServerErrorException",
          List.of(
              spring("web",
                  "org.springframework.web.client.HttpServerErrorException.create(HttpServerErrorException.java:102)"),
              spring("web",
                  "org.springframework.web.client.StatusHandler.lambda$defaultHandler$0(StatusHandler.java:86)"),
              spring("web", "org.springframework.web.client.StatusHandler.handle(StatusHandler.java:146)"),
              spring("web", "org.springframework.web.client.DefaultRestClient.readWithMessageConverters("
                  + "DefaultRestClient.java:216)")))),
      Map.entry("DataIntegrityViolationException", library("org.springframework.dao.DataIntegrityViolationException")),
      Map.entry("CannotAcquireLockException", library("org.springframework.dao.CannotAcquireLockException")),
      Map.entry("DuplicateKeyException", library("org.springframework.dao.DuplicateKeyException")),
      Map.entry("IllegalStateException", library("java.lang.IllegalStateException")),
      Map.entry("ConcurrentModificationException", library("java.util.ConcurrentModificationException")),
      Map.entry("TemplateProcessingException", library("org.thymeleaf.exceptions.TemplateProcessingException")),
      Map.entry("JwtException", library("io.jsonwebtoken.JwtException")));

  private static final List<Frame> SERVLET_INNER = List.of(
      frame(JDK_JAR,
          "java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)"),
      frame(JDK_JAR, "java.base/java.lang.reflect.Method.invoke(Method.java:580)"),
      spring("web",
          "org.springframework.web.method.support.InvocableHandlerMethod.doInvoke(InvocableHandlerMethod.java:255)"),
      spring("web", "org.springframework.web.method.support.InvocableHandlerMethod.invokeForRequest("
          + "InvocableHandlerMethod.java:188)"),
      spring("webmvc", "org.springframework.web.servlet.mvc.method.annotation.ServletInvocableHandlerMethod"
          + ".invokeAndHandle(ServletInvocableHandlerMethod.java:118)"),
      spring("webmvc", "org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter"
          + ".invokeHandlerMethod(RequestMappingHandlerAdapter.java:926)"),
      spring("webmvc", "org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter"
          + ".handleInternal(RequestMappingHandlerAdapter.java:831)"),
      spring("webmvc", "org.springframework.web.servlet.mvc.method.AbstractHandlerMethodAdapter.handle("
          + "AbstractHandlerMethodAdapter.java:87)"),
      spring("webmvc", "org.springframework.web.servlet.DispatcherServlet.doDispatch(DispatcherServlet.java:1089)"),
      spring("webmvc", "org.springframework.web.servlet.DispatcherServlet.doService(DispatcherServlet.java:979)"),
      spring("webmvc", "org.springframework.web.servlet.FrameworkServlet.processRequest(FrameworkServlet.java:1014)"));
  /** Below {@code FrameworkServlet.doX}, which depends on the request's method. */
  private static final List<Frame> SERVLET_OUTER = List.of(
      frame(TOMCAT, "jakarta.servlet.http.HttpServlet.service(HttpServlet.java:590)"),
      spring("webmvc", "org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:885)"),
      frame(TOMCAT, "jakarta.servlet.http.HttpServlet.service(HttpServlet.java:658)"),
      frame(TOMCAT,
          "org.apache.catalina.core.ApplicationFilterChain.internalDoFilter(ApplicationFilterChain.java:195)"),
      frame(TOMCAT, "org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:140)"),
      spring("web", "org.springframework.web.filter.OncePerRequestFilter.doFilter(OncePerRequestFilter.java:116)"),
      frame(TOMCAT,
          "org.apache.catalina.core.ApplicationFilterChain.internalDoFilter(ApplicationFilterChain.java:164)"),
      frame(TOMCAT, "org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:140)"),
      frame(TOMCAT, "org.apache.catalina.core.StandardWrapperValve.invoke(StandardWrapperValve.java:167)"),
      frame(TOMCAT, "org.apache.catalina.core.StandardContextValve.invoke(StandardContextValve.java:90)"),
      frame(TOMCAT, "org.apache.catalina.core.StandardHostValve.invoke(StandardHostValve.java:115)"),
      frame(TOMCAT, "org.apache.catalina.core.StandardEngineValve.invoke(StandardEngineValve.java:74)"),
      frame(TOMCAT, "org.apache.catalina.connector.CoyoteAdapter.service(CoyoteAdapter.java:344)"),
      frame(TOMCAT, "org.apache.coyote.http11.Http11Processor.service(Http11Processor.java:391)"),
      frame(TOMCAT, "org.apache.coyote.AbstractProtocol$ConnectionHandler.process(AbstractProtocol.java:896)"),
      frame(TOMCAT, "org.apache.tomcat.util.net.NioEndpoint$SocketProcessor.doRun(NioEndpoint.java:1744)"),
      frame(TOMCAT, "org.apache.tomcat.util.threads.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1191)"),
      frame(TOMCAT, "org.apache.tomcat.util.threads.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:659)"),
      frame(TOMCAT, "org.apache.tomcat.util.threads.TaskThread$WrappingRunnable.run(TaskThread.java:63)"),
      frame(JDK_JAR, "java.base/java.lang.Thread.run(Thread.java:1583)"));
  private static final List<Frame> REACTOR = List.of(
      frame(REACTOR_CORE, "reactor.core.publisher.FluxMap$MapSubscriber.onNext(FluxMap.java:106)"),
      frame(REACTOR_CORE,
          "reactor.core.publisher.FluxOnErrorResume$ResumeSubscriber.onNext(FluxOnErrorResume.java:79)"),
      frame(REACTOR_CORE, "reactor.core.publisher.MonoFlatMap$FlatMapMain.onNext(MonoFlatMap.java:158)"),
      frame(REACTOR_NETTY_HTTP,
          "reactor.netty.http.client.HttpClientConnect$HttpObserver.onStateChange(HttpClientConnect.java:453)"),
      frame(REACTOR_NETTY, "reactor.netty.channel.ChannelOperations.onInboundNext(ChannelOperations.java:435)"),
      frame(NETTY_TRANSPORT,
          "io.netty.channel.AbstractChannelHandlerContext.invokeChannelRead(AbstractChannelHandlerContext.java:444)"),
      frame(NETTY_EPOLL, "io.netty.channel.epoll.AbstractEpollStreamChannel$EpollStreamUnsafe.epollInReady("
          + "AbstractEpollStreamChannel.java:801)"),
      frame(NETTY_EPOLL, "io.netty.channel.epoll.EpollEventLoop.run(EpollEventLoop.java:407)"),
      frame(NETTY_COMMON,
          "io.netty.util.concurrent.SingleThreadEventExecutor$4.run(SingleThreadEventExecutor.java:997)"),
      frame(NETTY_COMMON, "io.netty.util.concurrent.FastThreadLocalRunnable.run(FastThreadLocalRunnable.java:30)"),
      frame(JDK_JAR, "java.base/java.lang.Thread.run(Thread.java:1583)"));
  private static final List<Frame> KAFKA_INNER = List.of(
      frame(JDK_JAR,
          "java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)"),
      frame(JDK_JAR, "java.base/java.lang.reflect.Method.invoke(Method.java:580)"),
      spring("messaging", "org.springframework.messaging.handler.invocation.InvocableHandlerMethod.doInvoke("
          + "InvocableHandlerMethod.java:169)"),
      spring("messaging", "org.springframework.messaging.handler.invocation.InvocableHandlerMethod.invoke("
          + "InvocableHandlerMethod.java:119)"),
      kafka("org.springframework.kafka.listener.adapter.HandlerAdapter.invoke(HandlerAdapter.java:56)"),
      kafka("org.springframework.kafka.listener.adapter.MessagingMessageListenerAdapter.invokeHandler("
          + "MessagingMessageListenerAdapter.java:376)"),
      kafka("org.springframework.kafka.listener.adapter.RecordMessagingMessageListenerAdapter.onMessage("
          + "RecordMessagingMessageListenerAdapter.java:92)"),
      kafka("org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.doInvokeOnMessage("
          + "KafkaMessageListenerContainer.java:2869)"));
  private static final List<Frame> KAFKA_OUTER = List.of(
      kafka("org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.invokeOnMessage("
          + "KafkaMessageListenerContainer.java:2834)"),
      kafka("org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.doInvokeRecordListener("
          + "KafkaMessageListenerContainer.java:2746)"),
      kafka("org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.doInvokeWithRecords("
          + "KafkaMessageListenerContainer.java:2583)"),
      kafka("org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.invokeRecordListener("
          + "KafkaMessageListenerContainer.java:2472)"),
      kafka("org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.invokeListener("
          + "KafkaMessageListenerContainer.java:2114)"),
      kafka("org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.pollAndInvoke("
          + "KafkaMessageListenerContainer.java:1433)"),
      kafka("org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.run("
          + "KafkaMessageListenerContainer.java:1308)"),
      frame(JDK_JAR, "java.base/java.util.concurrent.CompletableFuture$AsyncRun.run(CompletableFuture.java:1804)"),
      frame(JDK_JAR, "java.base/java.lang.Thread.run(Thread.java:1583)"));
  private static final List<Frame> TASKS = List.of(
      frame(JDK_JAR, "java.base/java.util.concurrent.CompletableFuture$AsyncSupply.run(CompletableFuture.java:1768)"),
      frame(JDK_JAR, "java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1144)"),
      frame(JDK_JAR, "java.base/java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:642)"),
      frame(JDK_JAR, "java.base/java.lang.Thread.run(Thread.java:1583)"));
  private static final String[][] SPRING_BOOT_2_LIBRARIES = {
      {"jakarta.servlet", "javax.servlet"}, {SPRING, "5.3.39"}, {"10.1.31", "9.0.83"},
      {"reactor-core-3.6.11.jar:3.6.11", "reactor-core-3.4.41.jar:3.4.41"}, {"1.1.23", "1.0.48"},
      {"4.1.114.Final", "4.1.107.Final"}, {"spring-kafka-3.2.4.jar:3.2.4", "spring-kafka-2.9.13.jar:2.9.13"}};

  private StackTraces() {}

  /** The exception at the top of the span's Java trace: the framework's wrapper where there is one. */
  static Thrown javaThrown(SimulatedSpan span) {
    Thrown failure = failure(span);
    switch (wrapperOf(span)) {
      case SERVLET:
        return new Thrown("jakarta.servlet.ServletException",
            "Request processing failed: " + failure.type() + ": " + failure.message());
      case KAFKA:
        return new Thrown("org.springframework.kafka.listener.ListenerExecutionFailedException",
            "Listener method 'public void " + span.logger + ".onMessage(org.apache.kafka.clients.consumer"
                + ".ConsumerRecord<java.lang.String, java.lang.String>)' threw exception");
      default:
        return failure;
    }
  }

  /** The span's failure as a Java exception, e.g. {@code java.lang.IllegalStateException: cart total changed}. */
  static Thrown failure(SimulatedSpan span) {
    String failure = span.failure;
    int colon = failure.indexOf(": ");
    String simpleName = colon < 0 ? failure : failure.substring(0, colon);
    String message = colon < 0 ? null : failure.substring(colon + 2);
    Origin origin = ORIGINS.get(simpleName);
    String className = origin != null ? origin.className() : applicationPackage(span) + ".error." + simpleName;
    return new Thrown(className, message);
  }

  /** The trace as Java prints it: one line per frame, causes below their wrappers. */
  static String java(SimulatedSpan span, JavaStyle style) {
    StringBuilder out = new StringBuilder(4096);
    Thrown failure = failure(span);
    Origin origin = ORIGINS.get(simpleName(failure.type()));
    List<Frame> thrownFrom = new ArrayList<>();
    if (origin != null) {
      thrownFrom.addAll(origin.frames());
    }
    thrownFrom.add(applicationFrame(span));
    Wrapper wrapper = wrapperOf(span);
    if (wrapper == Wrapper.NONE) {
      appendThrowable(out, "", failure, thrownFrom, style);
      appendFrames(out, poolFrames(span), style);
    } else {
      // the framework caught the failure where the cause's frames below are the same as its own
      List<Frame> common = wrapper == Wrapper.SERVLET ? servletOuter(span) : KAFKA_OUTER;
      List<Frame> wrapping = new ArrayList<>(common.size() + 2);
      if (wrapper == Wrapper.SERVLET) {
        wrapping.add(spring("webmvc", "org.springframework.web.servlet.FrameworkServlet.processRequest("
            + "FrameworkServlet.java:1022)"));
      } else {
        wrapping.add(kafka("org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer"
            + ".decorateException(KafkaMessageListenerContainer.java:2961)"));
        wrapping.add(kafka("org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer"
            + ".doInvokeOnMessage(KafkaMessageListenerContainer.java:2874)"));
      }
      wrapping.addAll(common);
      appendThrowable(out, "", javaThrown(span), wrapping, style);
      appendThrowable(out, "Caused by: ", failure, thrownFrom, style);
      appendFrames(out, wrapper == Wrapper.SERVLET ? SERVLET_INNER : KAFKA_INNER, style);
      out.append("\t... ").append(common.size())
          .append(style == JavaStyle.JDK ? " more\n" : " common frames omitted\n");
    }
    out.setLength(out.length() - 1);
    String text = out.toString();
    if (style == JavaStyle.SPRING_BOOT_2) {
      for (String[] replacement : SPRING_BOOT_2_LIBRARIES) {
        text = text.replace(replacement[0], replacement[1]);
      }
    }
    return text;
  }

  /** The trace as Python's logging prints it after the message: {@code Traceback (most recent call last):}... */
  static String python(SimulatedSpan span) {
    Thrown failure = failure(span);
    String module = pythonModule(span.logger);
    String file = "/app/" + module.replace('.', '/') + ".py";
    String function = snakeCase(methodName(span));
    StringBuilder out = new StringBuilder(1024).append("Traceback (most recent call last):\n");
    if (span.kind == SpanKind.SERVER) {
      out.append("  File \"/usr/local/lib/python3.12/site-packages/flask/app.py\", line 880, in "
              + "full_dispatch_request\n")
          .append("    rv = self.dispatch_request()\n")
          .append("  File \"/usr/local/lib/python3.12/site-packages/flask/app.py\", line 865, in dispatch_request\n")
          .append("    return self.ensure_sync(self.view_functions[rule.endpoint])(**view_args)"
              + "  # type: ignore[no-any-return]\n");
    } else {
      out.append("  File \"/usr/local/lib/python3.12/concurrent/futures/thread.py\", line 58, in run\n")
          .append("    result = self.fn(*self.args, **self.kwargs)\n");
    }
    out.append("  File \"").append(file).append("\", line ").append(lineNumber(span.logger, function))
        .append(", in ").append(function).append('\n')
        .append("    return self._").append(function).append("(request)\n")
        .append("  File \"").append(file).append("\", line ").append(lineNumber(span.logger, function) + 17)
        .append(", in _").append(function).append('\n')
        .append("    raise ").append(simpleName(failure.type())).append('(');
    appendPythonRepr(out, failure.message() == null ? "" : failure.message());
    out.append(")\n");
    out.append(pythonErrorModule(span)).append('.').append(simpleName(failure.type()));
    if (failure.message() != null) {
      out.append(": ").append(failure.message());
    }
    return out.toString();
  }

  /** {@code error.stack} of Node.js: the error's name and message, then {@code     at ...} frames. */
  static String node(SimulatedSpan span) {
    Thrown failure = failure(span);
    String className = simpleName(span.logger);
    StringBuilder out = new StringBuilder(1024).append(simpleName(failure.type()));
    if (failure.message() != null) {
      out.append(": ").append(failure.message());
    }
    out.append("\n    at ").append(className).append('.').append(methodName(span)).append(" (/app/src/")
        .append(span.logger.substring(span.logger.indexOf('.', "com.shop.".length()) + 1,
            span.logger.lastIndexOf('.') + 1).replace('.', '/'))
        .append(kebabCase(className)).append(".js:").append(lineNumber(span.logger, methodName(span))).append(":11)");
    if (span.thread.startsWith("kafka-")) {
      out.append("\n    at Runner.processEachMessage (/app/node_modules/kafkajs/src/consumer/runner.js:231:20)")
          .append("\n    at onBatch (/app/node_modules/kafkajs/src/consumer/runner.js:447:20)");
    } else {
      out.append("\n    at Layer.handle [as handle_request] (/app/node_modules/express/lib/router/layer.js:95:5)")
          .append("\n    at next (/app/node_modules/express/lib/router/route.js:149:13)")
          .append("\n    at Route.dispatch (/app/node_modules/express/lib/router/route.js:119:3)")
          .append("\n    at /app/node_modules/express/lib/router/index.js:284:15");
    }
    return out.append("\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)")
        .toString();
  }

  /** The Python module a Java logger stands for, e.g. {@code shop.recommendations.web.recommendation_controller}. */
  static String pythonModule(String logger) {
    int lastDot = logger.lastIndexOf('.');
    String packages = logger.substring(0, lastDot).replace("com.shop.", "shop.");
    return packages + "." + snakeCase(logger.substring(lastDot + 1));
  }

  /** A line number a method of that class plausibly throws from: the same every time. */
  static int lineNumber(String className, String method) {
    return 24 + Math.floorMod((className + '#' + method).hashCode(), 170);
  }

  /** The method a span's class runs it in, e.g. {@code getProducts}, {@code select}, {@code evaluate}. */
  static String methodName(SimulatedSpan span) {
    switch (span.kind) {
      case CONSUMER:
        return "onMessage";
      case PRODUCER:
        return "publish";
      case INTERNAL:
        return span.name.substring(span.name.lastIndexOf('.') + 1);
      case CLIENT:
        int space = span.name.indexOf(' ');
        if (space > 0 && span.name.charAt(space + 1) != '/') {
          // a statement to a database, cache or mail relay: SELECT stock, GET cart:{id}, SMTP SEND
          return span.name.startsWith("SMTP") ? "send" : span.name.substring(0, space).toLowerCase(Locale.ROOT);
        }
        return requestMethodName(span.name);
      default:
        return requestMethodName(span.name);
    }
  }

  private static String requestMethodName(String name) {
    int space = name.indexOf(' ');
    if (space < 0) {
      return "handle";
    }
    StringBuilder method = new StringBuilder(name.substring(0, space).toLowerCase(Locale.ROOT));
    for (String segment : name.substring(space + 1).split("/")) {
      if (!segment.isEmpty() && segment.charAt(0) != '{') {
        method.append(Character.toUpperCase(segment.charAt(0))).append(segment.substring(1).replace("-", ""));
      }
    }
    return method.toString();
  }

  private enum Wrapper { NONE, SERVLET, KAFKA }

  private static Wrapper wrapperOf(SimulatedSpan span) {
    if (span.kind == SpanKind.SERVER && span.thread.startsWith("http-nio-")) {
      return Wrapper.SERVLET;
    }
    if (span.kind == SpanKind.CONSUMER && span.thread.startsWith("kafka-")) {
      return Wrapper.KAFKA;
    }
    return Wrapper.NONE;
  }

  private static List<Frame> poolFrames(SimulatedSpan span) {
    if (span.thread.startsWith("reactor-")) {
      return REACTOR;
    }
    if (span.thread.startsWith("kafka-")) {
      List<Frame> frames = new ArrayList<>(KAFKA_INNER);
      frames.addAll(KAFKA_OUTER);
      return frames;
    }
    if (span.thread.startsWith("task-")) {
      return TASKS;
    }
    List<Frame> frames = new ArrayList<>(SERVLET_INNER);
    frames.addAll(servletOuter(span));
    return frames;
  }

  /** From {@code FrameworkServlet.doGet} (or doPost, ...) down to the thread's start. */
  private static List<Frame> servletOuter(SimulatedSpan span) {
    String method = span.name.substring(0, Math.max(0, span.name.indexOf(' ')));
    String doMethod = method.isEmpty() ? "doGet"
        : "do" + method.charAt(0) + method.substring(1).toLowerCase(Locale.ROOT);
    List<Frame> frames = new ArrayList<>(SERVLET_OUTER.size() + 1);
    frames.add(spring("webmvc", "org.springframework.web.servlet.FrameworkServlet." + doMethod
        + "(FrameworkServlet.java:" + ("GET".equals(method) ? 903 : "POST".equals(method) ? 914 : 936) + ")"));
    frames.addAll(SERVLET_OUTER);
    return frames;
  }

  private static Frame applicationFrame(SimulatedSpan span) {
    String method = methodName(span);
    return new Frame(span.logger + "." + method + "(" + simpleName(span.logger) + ".java:"
        + lineNumber(span.logger, method) + ")", APP_JAR);
  }

  private static void appendThrowable(StringBuilder out, String prefix, Thrown thrown, List<Frame> frames,
      JavaStyle style) {
    out.append(prefix).append(thrown.type());
    if (thrown.message() != null) {
      out.append(": ").append(thrown.message());
    }
    out.append('\n');
    appendFrames(out, frames, style);
  }

  private static void appendFrames(StringBuilder out, List<Frame> frames, JavaStyle style) {
    boolean packaged = style == JavaStyle.SPRING_BOOT || style == JavaStyle.SPRING_BOOT_2;
    for (Frame frame : frames) {
      out.append("\tat ").append(frame.method());
      if (packaged) {
        out.append(" ~[").append(frame.jar()).append(']');
      }
      out.append('\n');
    }
  }

  private static Frame frame(String jar, String method) {
    return new Frame(method, jar);
  }

  private static Frame spring(String module, String method) {
    return new Frame(method, "spring-" + module + "-" + SPRING + ".jar:" + SPRING);
  }

  private static Frame kafka(String method) {
    return new Frame(method, "spring-kafka-3.2.4.jar:3.2.4");
  }

  private static Origin library(String className) {
    return new Origin(className, List.of());
  }

  private static String applicationPackage(SimulatedSpan span) {
    return "com.shop." + span.service();
  }

  private static String pythonErrorModule(SimulatedSpan span) {
    return "shop." + span.service() + ".errors";
  }

  private static String simpleName(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }

  /** {@code RecommendationController} to {@code recommendation_controller}. */
  static String snakeCase(String camel) {
    StringBuilder out = new StringBuilder(camel.length() + 4);
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c)) {
        if (i > 0) {
          out.append('_');
        }
        out.append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String kebabCase(String camel) {
    return snakeCase(camel).replace('_', '-');
  }

  /** Python's repr of a str: single quotes unless the text holds one and no double quote. */
  private static void appendPythonRepr(StringBuilder out, String text) {
    char quote = text.indexOf('\'') >= 0 && text.indexOf('"') < 0 ? '"' : '\'';
    out.append(quote);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == quote || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    out.append(quote);
  }
}
