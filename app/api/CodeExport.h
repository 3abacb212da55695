#pragma once

#include <QByteArray>
#include <QString>
#include <QtGlobal>

struct GenerationRequest;

// "Copy as code": turns the current form into a script a person can paste and run outside Paddock (submit, wait,
// download), reading the key from SEGMIND_API_KEY so that copied code never holds a secret.
namespace CodeExport {

// How the code is written. The defaults are what a person should get; tests shorten the poll interval.
struct Options final
{
    // A body larger than this (compact JSON, data URIs included) goes to a file beside the script: a shell line
    // or a source file of megabytes is unusable in an editor and can exceed the shell's argument limit.
    qint64 inlineLimitBytes = 100 * 1000;
    QString bodyFileName = QStringLiteral("happyhorse-body.json");
    int pollSeconds = 5; // between status calls; the service takes minutes, so more often only costs rate limit
};

// The generated code, and the body file it reads when the body was too large to inline.
struct Export final
{
    QString code;           // empty when error is set
    QString scriptFileName; // a suggested name: "happyhorse.sh" or "happyhorse.py"
    QString bodyFileName;   // empty when the body is inline; otherwise save bodyJson under this name beside the code
    QByteArray bodyJson;    // the exact submit body (compact UTF-8 JSON), only when bodyFileName is set
    QString error;          // why no code was made (the request does not validate, an image cannot be read)

    bool ok() const { return error.isEmpty() && !code.isEmpty(); }
    bool needsBodyFile() const { return !bodyFileName.isEmpty(); }
};

// A POSIX shell script: submits with curl, polls status_url, fetches the result and downloads the MP4 (without the
// key) to <request_id>.mp4, printing its path. Needs curl and python3 (only to read the JSON answers). The API
// address is $SEGMIND_BASE_URL, https://api.segmind.com when unset.
//
// Both functions build the body with GenerationRequest::toJson(), which reads and may re-encode local images: slow
// with large images, so call them off the GUI thread.
Export curl(const GenerationRequest &request, const Options &options = {});

// A Python 3 script (standard library only) doing the same, also waiting out 429 until x-rate-limit-reset-at-utc
// and reporting a FAILED job's error.
Export python(const GenerationRequest &request, const Options &options = {});

// Quoting used by the generators, exposed for tests: a shell word that stays literal whatever the text holds, and
// a Python string literal (non-ASCII kept readable, control and invisible line-breaking characters escaped).
QString shellQuote(const QString &text);
QString pythonString(const QString &text);

} // namespace CodeExport
