#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QMutex>
#include <QMutexLocker>
#include <QSemaphore>
#include <QStringList>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include <memory>

namespace Postroom::Test {

/** What the fake server answers at each step; the defaults accept everything. */
struct FakeSmtpScript
{
    QByteArray greeting = "220 fake.test ESMTP ready";
    bool stallGreeting = false; ///< accept the connection, never greet
    bool offerStartTls = false; ///< advertise STARTTLS (the fake cannot do TLS)
    QByteArray startTlsReply = "454 4.7.0 TLS not available due to temporary reason";
    QByteArray authMechanisms = "PLAIN LOGIN"; ///< advertised after AUTH; empty = no AUTH
    QByteArray authReply = "235 2.7.0 Authentication successful";
    QByteArray mailReply = "250 2.1.0 Sender OK";
    QByteArray rcptReply = "250 2.1.5 Recipient OK";
    QByteArray dataReply = "354 End data with <CR><LF>.<CR><LF>";
    bool dropMidData = false;    ///< close the connection once message bytes arrive
    bool stallAfterData = false; ///< take the whole message, never answer
    int stallAfterDataFirst = 0; ///< the same for the first N messages only
    QByteArray finalReply = "250 2.0.0 Ok: queued as FAKE1";

    /** A script that turns every AUTH down as invalid credentials (RFC 4954 section 6). */
    static FakeSmtpScript refusingAuth()
    {
        FakeSmtpScript script;
        script.authReply = "535 5.7.8 Authentication credentials invalid";
        return script;
    }
};

/**
 * A scriptable SMTP server on 127.0.0.1 for unit tests (RFC 5321 subset: EHLO, HELO,
 * STARTTLS refusal, AUTH PLAIN/LOGIN, MAIL, RCPT, DATA, RSET, NOOP, QUIT). It runs
 * its own thread, so a test may call a blocking client (curl_easy_perform, a child
 * process) from its main thread. It records the commands it received, the PLAIN
 * credentials and each message (dot-stuffing undone).
 */
class FakeSmtpServer : public QThread
{
public:
    explicit FakeSmtpServer(FakeSmtpScript script = {}) : m_script(std::move(script))
    {
        m_clock.start();
        start();
        m_ready.acquire();
    }

    ~FakeSmtpServer() override
    {
        quit();
        wait();
    }

    quint16 port() const { return m_port; }

    /** The verbs received, in order, over all connections (AUTH data is not a verb). */
    QStringList commands() const
    {
        QMutexLocker lock(&m_mutex);
        return m_commands;
    }

    QList<QByteArray> messages() const
    {
        QMutexLocker lock(&m_mutex);
        return m_messages;
    }

    /** The user and password of the last AUTH PLAIN, as the server decoded them. */
    QByteArray plainCredentials() const
    {
        QMutexLocker lock(&m_mutex);
        return m_plainCredentials;
    }

    /** The decoded initial response of the last AUTH XOAUTH2. */
    QByteArray xoauth2Response() const
    {
        QMutexLocker lock(&m_mutex);
        return m_xoauth2Response;
    }

    int connections() const
    {
        QMutexLocker lock(&m_mutex);
        return m_connections;
    }

    /** When each message of messages() arrived, in ms since the server started. */
    QList<qint64> arrivalsMs() const
    {
        QMutexLocker lock(&m_mutex);
        return m_arrivalsMs;
    }

    /** The most connections that were open at the same time. */
    int peakOpenConnections() const
    {
        QMutexLocker lock(&m_mutex);
        return m_peakOpen;
    }

protected:
    void run() override
    {
        QTcpServer server;
        server.listen(QHostAddress::LocalHost, 0);
        m_port = server.serverPort();
        QObject::connect(&server, &QTcpServer::newConnection, &server, [this, &server] {
            while (QTcpSocket* socket = server.nextPendingConnection())
                serve(socket);
        });
        m_ready.release();
        exec();
    }

private:
    enum class Mode
    {
        Command,
        AuthPlain,
        AuthXOAuth2,
        AuthLoginUser,
        AuthLoginPassword,
        Data,
        Dropped,
    };

    struct Session
    {
        Mode mode = Mode::Command;
        QByteArray buffer;
        QByteArray data;
    };

    void record(const QByteArray& verb)
    {
        QMutexLocker lock(&m_mutex);
        m_commands.append(QString::fromLatin1(verb));
    }

    static void reply(QTcpSocket* socket, const QByteArray& line)
    {
        socket->write(line + "\r\n");
        socket->flush();
    }

    void serve(QTcpSocket* socket)
    {
        {
            QMutexLocker lock(&m_mutex);
            ++m_connections;
            m_peakOpen = std::max(m_peakOpen, ++m_open);
        }
        QObject::connect(socket, &QTcpSocket::disconnected, socket, [this, socket] {
            {
                QMutexLocker lock(&m_mutex);
                --m_open;
            }
            socket->deleteLater();
        });
        if (m_script.stallGreeting)
            return;
        reply(socket, m_script.greeting);
        if (!m_script.greeting.startsWith('2')) {
            socket->disconnectFromHost();
            return;
        }
        auto session = std::make_shared<Session>();
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, session] {
            session->buffer += socket->readAll();
            while (session->mode != Mode::Dropped) {
                if (session->mode == Mode::Data) {
                    if (!takeData(socket, *session))
                        return;
                    continue;
                }
                const qsizetype end = session->buffer.indexOf("\r\n");
                if (end < 0)
                    return;
                const QByteArray line = session->buffer.left(end);
                session->buffer.remove(0, end + 2);
                handleLine(socket, *session, line);
            }
        });
    }

    bool takeData(QTcpSocket* socket, Session& session)
    {
        if (m_script.dropMidData && !session.buffer.isEmpty()) {
            session.mode = Mode::Dropped;
            socket->abort();
            return false;
        }
        const QByteArray terminator = "\r\n.\r\n";
        QByteArray all = "\r\n" + session.buffer; // the terminator may start the data
        const qsizetype end = all.indexOf(terminator);
        if (end < 0)
            return false;
        QByteArray message = all.mid(2, end); // keeps the last line's CRLF
        session.buffer = all.mid(end + terminator.size());
        // RFC 5321 §4.5.2: undo the client's dot-stuffing.
        message.replace("\r\n..", "\r\n.");
        if (message.startsWith(".."))
            message.remove(0, 1);
        bool stall = m_script.stallAfterData;
        {
            QMutexLocker lock(&m_mutex);
            m_messages.append(message);
            m_arrivalsMs.append(m_clock.elapsed());
            stall = stall || m_messages.size() <= m_script.stallAfterDataFirst;
        }
        session.mode = Mode::Command;
        if (!stall)
            reply(socket, m_script.finalReply);
        return true;
    }

    void handleLine(QTcpSocket* socket, Session& session, const QByteArray& line)
    {
        switch (session.mode) {
        case Mode::AuthPlain:
        case Mode::AuthXOAuth2:
            noteAuth(session.mode == Mode::AuthPlain ? "PLAIN" : "XOAUTH2", line);
            session.mode = Mode::Command;
            reply(socket, m_script.authReply);
            return;
        case Mode::AuthLoginUser:
            session.mode = Mode::AuthLoginPassword;
            reply(socket, "334 UGFzc3dvcmQ6");
            return;
        case Mode::AuthLoginPassword:
            session.mode = Mode::Command;
            reply(socket, m_script.authReply);
            return;
        default:
            break;
        }
        const QList<QByteArray> words = line.split(' ');
        const QByteArray verb = words.value(0).toUpper();
        record(verb);
        if (verb == "EHLO") {
            QByteArray answer = "250-fake.test greets you\r\n250-PIPELINING\r\n250-SIZE 1000000";
            if (m_script.offerStartTls)
                answer += "\r\n250-STARTTLS";
            if (!m_script.authMechanisms.isEmpty())
                answer += "\r\n250-AUTH " + m_script.authMechanisms;
            reply(socket, answer + "\r\n250 8BITMIME");
        } else if (verb == "HELO") {
            reply(socket, "250 fake.test");
        } else if (verb == "STARTTLS") {
            reply(socket, m_script.startTlsReply);
        } else if (verb == "AUTH") {
            const QByteArray mechanism = words.value(1).toUpper();
            const bool initial = words.size() > 2; // RFC 4954 §4 initial response
            if ((mechanism == "PLAIN" || mechanism == "XOAUTH2") && initial) {
                noteAuth(mechanism, words.value(2));
                reply(socket, m_script.authReply);
            } else if (mechanism == "PLAIN" || mechanism == "XOAUTH2") {
                session.mode = mechanism == "PLAIN" ? Mode::AuthPlain : Mode::AuthXOAuth2;
                reply(socket, "334 ");
            } else if (mechanism == "LOGIN" && initial) { // the user name came along
                session.mode = Mode::AuthLoginPassword;
                reply(socket, "334 UGFzc3dvcmQ6");
            } else if (mechanism == "LOGIN") {
                session.mode = Mode::AuthLoginUser;
                reply(socket, "334 VXNlcm5hbWU6");
            } else {
                reply(socket, "504 5.5.4 Unrecognized authentication type");
            }
        } else if (verb == "MAIL") {
            reply(socket, m_script.mailReply);
        } else if (verb == "RCPT") {
            reply(socket, m_script.rcptReply);
        } else if (verb == "DATA") {
            reply(socket, m_script.dataReply);
            if (m_script.dataReply.startsWith("354"))
                session.mode = Mode::Data;
        } else if (verb == "QUIT") {
            reply(socket, "221 2.0.0 Bye");
            socket->disconnectFromHost();
            session.mode = Mode::Dropped;
        } else if (verb == "NOOP" || verb == "RSET") {
            reply(socket, "250 2.0.0 OK");
        } else {
            reply(socket, "502 5.5.2 Command not recognized");
        }
    }

    void noteAuth(const QByteArray& mechanism, const QByteArray& base64)
    {
        const QByteArray decoded = QByteArray::fromBase64(base64);
        QMutexLocker lock(&m_mutex);
        if (mechanism == "XOAUTH2") {
            m_xoauth2Response = decoded;
            return;
        }
        // RFC 4616: authzid NUL authcid NUL passwd.
        const QList<QByteArray> parts = decoded.split('\0');
        m_plainCredentials = parts.value(1) + ':' + parts.value(2);
    }

    FakeSmtpScript m_script;
    QSemaphore m_ready;
    quint16 m_port = 0;
    mutable QMutex m_mutex;
    QStringList m_commands;
    QList<QByteArray> m_messages;
    QByteArray m_plainCredentials;
    QByteArray m_xoauth2Response;
    int m_connections = 0;
    int m_open = 0;
    int m_peakOpen = 0;
    QElapsedTimer m_clock;
    QList<qint64> m_arrivalsMs;
};

} // namespace Postroom::Test
