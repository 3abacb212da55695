#include "SecretScan.h"

#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

namespace SecretScan {

namespace {

QStringList g_lines;
QtMessageHandler g_previous = nullptr;

void keep(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    g_lines.append(message);
    if (g_previous)
        g_previous(type, context, message);
}

} // namespace

QStringList filesHolding(const QString &root, const QStringList &keys, int *filesRead)
{
    QStringList found;
    int read = 0;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QFileInfo info(path);
        QFile file(path);
        if (!info.isFile() || info.isSymLink() || !file.open(QIODevice::ReadOnly))
            continue; // sockets and links: no stored bytes of their own
        ++read;
        const QByteArray bytes = file.readAll();
        for (const QString &key : keys) {
            const QByteArray utf16(reinterpret_cast<const char *>(key.utf16()), key.size() * 2);
            if (bytes.contains(key.toUtf8()) || bytes.contains(utf16) || bytes.contains(key.toUtf8().toBase64())) {
                found.append(path);
                break;
            }
        }
    }
    if (filesRead)
        *filesRead = read;
    return found;
}

void recordLog()
{
    if (!g_previous)
        g_previous = qInstallMessageHandler(keep);
}

const QStringList &loggedLines()
{
    return g_lines;
}

} // namespace SecretScan
