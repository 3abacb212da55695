#pragma once

#include <QString>
#include <QStringList>

// What the key-safety tests look through: files written and log lines, for any trace of an API key.
namespace SecretScan {

// The files under root whose bytes hold one of keys as UTF-8, UTF-16 or base64 (QtKeychain's binary form).
// *filesRead, when given, counts the files read, so a test can tell a clean result from an empty search.
QStringList filesHolding(const QString &root, const QStringList &keys, int *filesRead = nullptr);

// From now on every log message is also kept (the previous handler still runs), for loggedLines().
void recordLog();
const QStringList &loggedLines();

} // namespace SecretScan
