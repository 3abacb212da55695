#include "jobs/ClipDownload.h"

#include "api/ReplyLimits.h"
#include "api/SafeText.h"
#include "media/Mp4Info.h"

#include <QDir>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kReadBufferBytes = 256 * 1024;
constexpr qint64 kHeadBytes = 16;

QString megabytes(qint64 bytes)
{
    return QString::number(double(bytes) / (1000.0 * 1000.0), 'f', 1) + u" MB"_s;
}

} // namespace

ClipDownload::ClipDownload(QNetworkAccessManager *network, const QNetworkRequest &request, const QString &targetPath,
                           qint64 maxBytes, QObject *parent)
    : QObject(parent), m_network(network), m_request(request), m_targetPath(targetPath), m_maxBytes(maxBytes)
{
}

ClipDownload::~ClipDownload()
{
    if (m_reply)
        m_reply->abort();
    cleanUp();
}

void ClipDownload::start()
{
    QDir().mkpath(QFileInfo(m_targetPath).absolutePath());
    m_part.setFileName(m_targetPath + u".part"_s);
    // Whatever is left at the partial file's name (an earlier try, or a pipe or link put there) is removed, and the
    // file is created afresh: opening an existing pipe would block, and a link would write somewhere else.
    QFile::remove(m_part.fileName());
    if (!m_part.open(QIODevice::WriteOnly | QIODevice::NewOnly)) {
        fail(Outcome::Failed,
             u"Could not write the clip to %1 (%2). Check that the disk has space and the folder is writable."_s.arg(
                 QDir::toNativeSeparators(m_part.fileName()), m_part.errorString()),
             false);
        return;
    }
    m_reply = m_network->get(m_request);
    // A bounded read buffer keeps memory flat: the socket is read only as fast as the disk takes it.
    m_reply->setReadBufferSize(kReadBufferBytes);
    ReplyLimits::apply(m_reply, 0, m_deadlineMs);
    connect(m_reply, &QNetworkReply::redirected, this, &ClipDownload::onRedirected);
    connect(m_reply, &QNetworkReply::readyRead, this, &ClipDownload::readAvailable);
    connect(m_reply, &QNetworkReply::downloadProgress, this, [this](qint64 received, qint64 total) {
        if (total > m_maxBytes && m_maxBytes > 0)
            fail(Outcome::Failed, u"The clip is %1, more than the %2 limit in Settings."_s.arg(megabytes(total),
                                                                                           megabytes(m_maxBytes)),
                 false);
        else
            Q_EMIT progress(received, total);
    });
    connect(m_reply, &QNetworkReply::finished, this, &ClipDownload::done);
}

void ClipDownload::onRedirected(const QUrl &url)
{
    QString why = u"The files host sent the download elsewhere, which Paddock does not follow."_s;
    if (m_redirectCheck && m_redirectCheck(url, &why)) {
        Q_EMIT m_reply->redirectAllowed();
        return;
    }
    fail(Outcome::Failed, u"The download was redirected to an address Paddock does not use. %1"_s.arg(why), false);
}

void ClipDownload::abort()
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_reply)
        m_reply->abort();
    cleanUp();
}

void ClipDownload::readAvailable()
{
    if (m_finished || !m_reply)
        return;
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200)
        return; // an error page: read nothing, judge in done()
    while (m_reply->bytesAvailable() > 0) {
        const QByteArray chunk = m_reply->read(kReadBufferBytes);
        if (chunk.isEmpty())
            break;
        if (!m_headChecked) {
            m_head += chunk.left(kHeadBytes - m_head.size());
            if (m_head.size() >= kHeadBytes) {
                m_headChecked = true;
                if (!Mp4Info::startsLikeMp4(m_head)) {
                    fail(Outcome::Failed, u"The service sent something that is not an MP4 video."_s, true);
                    return;
                }
            }
        }
        m_received += chunk.size();
        if (m_maxBytes > 0 && m_received > m_maxBytes) {
            fail(Outcome::Failed,
                 u"The clip is larger than the %1 limit in Settings; the download was stopped."_s.arg(
                     megabytes(m_maxBytes)),
                 false);
            return;
        }
        if (m_part.write(chunk) != chunk.size()) {
            fail(Outcome::Failed, u"Could not write the clip to disk (%1)."_s.arg(m_part.errorString()), true);
            return;
        }
    }
}

void ClipDownload::done()
{
    if (m_finished)
        return;
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 404 || status == 410) {
        fail(Outcome::Gone, u"The service no longer has this clip: outputs are deleted after 7 days."_s, false);
        return;
    }
    if (ReplyLimits::breachOf(m_reply) == ReplyLimits::Breach::Deadline) {
        fail(Outcome::Failed, u"The download was too slow to finish in time."_s, true);
        return;
    }
    if (status >= 300 && status < 400) {
        // A redirect Qt would not follow (to another kind of address): asking again would get the same.
        const QUrl target = m_reply->header(QNetworkRequest::LocationHeader).toUrl();
        fail(Outcome::Failed,
             u"The download was redirected to an address Paddock does not use (%1); only https web addresses are "
             u"used."_s.arg(SafeText::clean(target.scheme().isEmpty() ? u"unknown"_s : target.scheme() + u":"_s, 20)),
             false);
        return;
    }
    if (m_reply->error() != QNetworkReply::NoError || status != 200) {
        const QString why = status > 0 ? u"HTTP %1"_s.arg(status) : SafeText::clean(m_reply->errorString(), 200);
        fail(Outcome::Failed, u"The download was interrupted (%1)."_s.arg(why), true);
        return;
    }
    readAvailable();
    if (m_finished)
        return;
    // Qt may take a connection closed early for the end of the body: the announced length says otherwise.
    const QVariant announced = m_reply->header(QNetworkRequest::ContentLengthHeader);
    if (announced.isValid() && announced.toLongLong() != m_received) {
        fail(Outcome::Failed,
             u"The download stopped after %1 of %2 bytes."_s.arg(m_received).arg(announced.toLongLong()), true);
        return;
    }
    if (!m_part.flush()) {
        fail(Outcome::Failed, u"Could not write the clip to disk (%1)."_s.arg(m_part.errorString()), true);
        return;
    }
    m_part.close();
    const Mp4Info info = Mp4Info::fromFile(m_part.fileName());
    if (!info.valid || !info.complete) {
        const QString why = info.valid ? u"it ends part-way through"_s : info.error;
        fail(Outcome::Failed, u"The downloaded clip is damaged (%1)."_s.arg(why), true);
        return;
    }
    // rename(2) replaces the target atomically: a reader sees the old file or the whole new one.
    if (std::rename(QFile::encodeName(m_part.fileName()).constData(), QFile::encodeName(m_targetPath).constData())
        != 0) {
        fail(Outcome::Failed, u"Could not move the clip into place at %1."_s.arg(m_targetPath), true);
        return;
    }
    m_finished = true;
    Q_EMIT progress(m_received, m_received);
    Q_EMIT finished(Outcome::Done, {}, false);
}

void ClipDownload::fail(Outcome outcome, const QString &message, bool retryable)
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
    }
    cleanUp();
    Q_EMIT finished(outcome, message, retryable);
}

void ClipDownload::cleanUp()
{
    if (m_reply) {
        m_reply->deleteLater();
        m_reply = nullptr;
    }
    if (m_part.isOpen())
        m_part.close();
    if (!m_part.fileName().isEmpty() && QFile::exists(m_part.fileName()))
        QFile::remove(m_part.fileName());
}
