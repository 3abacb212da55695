#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QNetworkReply>
#include <QString>

#include <optional>

// What went wrong with one call to the service, as a value: the kind decides what Paddock does next,
// the message is what a person reads (what happened and what to do), never raw HTML or a stack trace.
struct ApiError
{
    enum class Kind {
        None,
        Auth,                // 401: missing or invalid key
        Forbidden,           // 403: the account may not use the model
        InsufficientCredits, // 406 "Insufficient credits": nothing was charged
        InvalidRequest,      // 400, or 406 for a rejected parameter or content type
        NotFound,            // 404: unknown model, or a request older than the retention window
        MethodNotAllowed,    // 405: a bug on our side; the body is HTML
        Gone,                // 410: the model was retired
        JobFailed,           // 422: the job FAILED; not charged
        RateLimited,         // 429: wait until resetAt
        ServerError,         // 5xx
        Network,             // no HTTP answer: refused, reset, DNS, TLS …
        Timeout,             // no answer in time
        MalformedResponse,   // an answer that is not what the contract says
        Configuration,       // Paddock itself refused to send (bad endpoint, missing key)
    };

    Kind kind = Kind::None;
    int httpStatus = 0;
    QString message;         // for a person: plain words and a next step
    QString serverMessage;   // the service's own "error" text, when it sent one (never HTML)
    QDateTime resetAt;       // RateLimited: when calls may resume (UTC); invalid when unknown
    std::optional<qint64> balanceCents;  // InsufficientCredits: numbers from the message, when present
    std::optional<qint64> requiredCents;

    QNetworkReply::NetworkError networkError = QNetworkReply::NoError; // when no HTTP answer arrived

    bool isError() const { return kind != Kind::None; }
    // True when the call failed before any of it could reach the service (connection refused, unknown host,
    // TLS handshake failure): a POST that failed this way created no job and cost nothing.
    bool requestNeverLeft() const;
    // A GET that failed this way may simply be sent again later.
    bool isTransient() const;
    static QString kindName(Kind kind);
    static Kind kindFromName(const QString &name); // None for an unknown name

    // Classifies an HTTP answer (or its absence). body may be JSON, HTML or anything else.
    static ApiError fromHttp(int httpStatus, const QByteArray &body, const QByteArray &rateLimitResetHeader,
                             QNetworkReply::NetworkError networkError, const QString &networkErrorText);
    static ApiError malformed(const QString &what);
    static ApiError configuration(const QString &message);

    // The reset header may be ISO 8601 (with or without milliseconds or zone) or seconds since the epoch.
    static QDateTime parseResetAt(const QByteArray &header);
};
