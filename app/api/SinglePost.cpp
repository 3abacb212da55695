#include "api/SinglePost.h"

#include <QIODevice>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace {

// Hands out its bytes once, front to back, and refuses to rewind.
class ForwardOnlyBody final : public QIODevice
{
public:
    explicit ForwardOnlyBody(const QByteArray &bytes) : m_bytes(bytes) { open(QIODevice::ReadOnly); }

    bool isSequential() const override { return true; }
    bool reset() override { return false; }
    bool seek(qint64) override { return false; }
    qint64 bytesAvailable() const override { return m_bytes.size() - m_offset + QIODevice::bytesAvailable(); }
    bool atEnd() const override { return m_offset >= m_bytes.size() && QIODevice::bytesAvailable() == 0; }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        const qint64 count = qMin(maxSize, qint64(m_bytes.size()) - m_offset);
        if (count <= 0)
            return m_offset >= m_bytes.size() ? -1 : 0;
        memcpy(data, m_bytes.constData() + m_offset, size_t(count));
        m_offset += count;
        return count;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QByteArray m_bytes;
    qint64 m_offset = 0;
};

} // namespace

QNetworkReply *SinglePost::post(QNetworkAccessManager *network, QNetworkRequest request, const QByteArray &body)
{
    request.setHeader(QNetworkRequest::ContentLengthHeader, qint64(body.size()));
    request.setAttribute(QNetworkRequest::DoNotBufferUploadDataAttribute, true);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    auto *device = new ForwardOnlyBody(body);
    QNetworkReply *reply = network->post(request, device);
    device->setParent(reply);
    return reply;
}
