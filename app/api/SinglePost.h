#pragma once

#include <QByteArray>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

// Sends a POST that Qt can never send a second time on its own.
//
// When a server closes the connection before answering, Qt's HTTP stack quietly reconnects and sends the
// request again, POSTs included. For Segmind every POST is a new, billed job, so that retry could pay twice.
// Qt only resends a body it can rewind, so the body goes out through a device that cannot be rewound: a
// lost answer then ends the call with an error (which the job queue reports as "unknown — may be billed")
// instead of a silent second submit. HTTP/2 is turned off for the call because its resend rules differ.
namespace SinglePost {

QNetworkReply *post(QNetworkAccessManager *network, QNetworkRequest request, const QByteArray &body);

} // namespace SinglePost
