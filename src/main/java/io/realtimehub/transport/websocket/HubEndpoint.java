package io.realtimehub.transport.websocket;

import io.realtimehub.runtime.Hub;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;

/** {@code ws://host/<context>/ws}: many channels over one connection, JSON text frames. */
@ServerEndpoint("/ws")
public class HubEndpoint {

    private static final String CONNECTION = WebSocketConnection.class.getName();

    @Inject
    Hub hub;

    @OnOpen
    public void open(Session session) {
        WebSocketConnection connection = new WebSocketConnection(hub, session);
        session.getUserProperties().put(CONNECTION, connection);
        connection.open();
    }

    @OnMessage
    public void text(Session session, String frame) {
        connection(session).receive(frame);
    }

    @OnMessage
    public void binary(Session session, ByteBuffer frame) {
        connection(session).receiveBinary();
    }

    @OnClose
    public void close(Session session, CloseReason reason) {
        WebSocketConnection connection = connection(session);
        if (connection != null) {
            connection.closed();
        }
    }

    @OnError
    public void error(Session session, Throwable failure) {
        WebSocketConnection connection = connection(session);
        if (connection != null) {
            connection.error(failure);
        }
    }

    private static WebSocketConnection connection(Session session) {
        return (WebSocketConnection) session.getUserProperties().get(CONNECTION);
    }
}
