package io.tracelake.testbed;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.function.Consumer;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * An in-process broker: Artemis embedded in the JVM (in-VM acceptor, nothing persisted), used through
 * Jakarta JMS, which the agent instruments: a send is a PRODUCER span, each delivery to the listener a
 * CONSUMER span in the sender's trace. Messages are delivered after a delay, so the work starts after the
 * request that queued it was answered.
 */
final class JobQueue implements AutoCloseable {
  private final EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
  private final Connection connection;
  private final Session sending;
  private final MessageProducer producer;

  JobQueue(String name, Consumer<String> worker) throws Exception {
    // nothing is persisted, but the broker still wants its directories: under -Dartemis.dir
    String dir = System.getProperty("artemis.dir", "target/artemis");
    broker.setConfiguration(new ConfigurationImpl()
        .setPersistenceEnabled(false)
        .setSecurityEnabled(false)
        .setJournalDirectory(dir + "/journal")
        .setBindingsDirectory(dir + "/bindings")
        .setPagingDirectory(dir + "/paging")
        .setLargeMessagesDirectory(dir + "/large-messages")
        .addAcceptorConfiguration("in-vm", "vm://0"));
    broker.start();
    connection = new ActiveMQConnectionFactory("vm://0").createConnection();
    sending = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    Queue queue = sending.createQueue(name);
    producer = sending.createProducer(queue);
    Session receiving = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    MessageConsumer consumer = receiving.createConsumer(queue);
    consumer.setMessageListener(message -> {
      try {
        worker.accept(((TextMessage) message).getText());
      } catch (JMSException e) {
        throw new IllegalStateException(e);
      }
    });
    connection.start();
  }

  /** Queues a job, delivered to the worker after {@code delayMs}; a JMS session is for one thread at a time. */
  synchronized void send(String job, long delayMs) throws JMSException {
    producer.setDeliveryDelay(delayMs);
    producer.send(sending.createTextMessage(job));
  }

  @Override
  public void close() throws Exception {
    connection.close();
    broker.stop();
  }
}
