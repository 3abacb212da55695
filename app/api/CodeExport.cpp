#include "api/CodeExport.h"

#include "api/GenerationRequest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace CodeExport {

namespace {

// The body's fields in the order a person reads the form; anything else follows in name order.
const QStringList &fieldOrder()
{
    static const QStringList order{
        u"prompt"_s,   u"negative_prompt"_s, u"image"_s,         u"reference_images"_s, u"resolution"_s,
        u"duration"_s, u"aspect_ratio"_s,    u"prompt_extend"_s, u"watermark"_s,        u"seed"_s};
    return order;
}

QStringList orderedKeys(const QJsonObject &body)
{
    QStringList keys;
    for (const QString &key : fieldOrder()) {
        if (body.contains(key))
            keys << key;
    }
    QStringList rest = body.keys(); // already sorted
    for (const QString &key : std::as_const(rest)) {
        if (!keys.contains(key))
            keys << key;
    }
    return keys;
}

QString hexEscape(const char *prefix, uint code, int digits)
{
    return QString::fromLatin1(prefix) + u"%1"_s.arg(code, digits, 16, QLatin1Char('0'));
}

// Characters that are legal but invisible or line-breaking in an editor (U+2028, bidi controls, zero-width
// joiners, C1 controls): written as escapes so that what a person sees in the code is what gets sent.
bool isInvisible(QChar c)
{
    const char16_t u = c.unicode();
    if (u == 0x7f || (u >= 0x80 && u < 0xa0))
        return true;
    const QChar::Category category = c.category();
    return category == QChar::Other_Format || category == QChar::Separator_Line ||
           category == QChar::Separator_Paragraph;
}

// One JSON value as compact text (QJsonDocument only serialises whole documents).
QString jsonText(const QJsonValue &value)
{
    const QByteArray text = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    QString result = QString::fromUtf8(text.mid(1, text.size() - 2));
    // Such characters can only be inside JSON strings, where \uXXXX means the same.
    QString escaped;
    escaped.reserve(result.size());
    for (const QChar c : std::as_const(result)) {
        if (isInvisible(c))
            escaped += hexEscape("\\u", c.unicode(), 4);
        else
            escaped += c;
    }
    return escaped;
}

// The same body as toJson() gives, laid out one field a line for a person to read and edit.
QString readableJson(const QJsonObject &body)
{
    QStringList lines;
    for (const QString &key : orderedKeys(body))
        lines << u"    "_s + jsonText(key) + u": "_s + jsonText(body.value(key));
    return u"{\n"_s + lines.join(u",\n"_s) + u"\n}"_s;
}

QString pythonValue(const QJsonValue &value, const QString &indent)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return value.toBool() ? u"True"_s : u"False"_s;
    case QJsonValue::Double: {
        const double number = value.toDouble();
        const auto whole = qint64(number);
        return double(whole) == number ? QString::number(whole) : QString::number(number, 'g', 17);
    }
    case QJsonValue::String:
        return pythonString(value.toString());
    case QJsonValue::Array: {
        const QJsonArray array = value.toArray();
        if (array.isEmpty())
            return u"[]"_s;
        QString text = u"[\n"_s;
        for (const QJsonValue &item : array)
            text += indent + u"    "_s + pythonValue(item, indent + u"    "_s) + u",\n"_s;
        return text + indent + u"]"_s;
    }
    case QJsonValue::Object: {
        const QJsonObject object = value.toObject();
        QString text = u"{\n"_s;
        for (const QString &key : orderedKeys(object))
            text += indent + u"    "_s + pythonString(key) + u": "_s +
                    pythonValue(object.value(key), indent + u"    "_s) + u",\n"_s;
        return text + indent + u"}"_s;
    }
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return u"None"_s;
}

struct Body
{
    QString error;
    QJsonObject json;
    QByteArray compact;
    bool inlined = true;
};

Body makeBody(const GenerationRequest &request, const Options &options)
{
    Body body;
    body.json = request.toJson(&body.error);
    if (body.json.isEmpty()) {
        if (body.error.isEmpty())
            body.error = u"The request could not be turned into a submit body."_s;
        return body;
    }
    body.compact = QJsonDocument(body.json).toJson(QJsonDocument::Compact);
    body.inlined = body.compact.size() <= options.inlineLimitBytes;
    return body;
}

// A file name that needs no quoting thoughts anywhere: the caller's name when it is plain, the default otherwise.
QString safeBodyFileName(const QString &name)
{
    static const QString allowed = u"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-"_s;
    const bool plain = !name.isEmpty() && !name.startsWith(u'-') && !name.startsWith(u'.') &&
                       std::all_of(name.cbegin(), name.cend(), [](QChar c) { return allowed.contains(c); });
    return plain ? name : Options().bodyFileName;
}

// The shell script. @…@ markers are filled in by curl(); the body goes in last so that its text is never scanned.
const char16_t kShellTemplate[] = uR"SH(#!/bin/sh
# HappyHorse 1.1 on Segmind, exported by Paddock: submits one job, waits for it and downloads the MP4 into the
# current folder. Each run is a new job, billed when it completes.
# Needs curl and python3 (python3 only reads the JSON answers). The key comes from the environment:
#   export SEGMIND_API_KEY=...   (never write it into this file)
# SEGMIND_BASE_URL overrides the API address.
set -eu

say() { printf '%s\n' "$*" >&2; }

if [ -z "${SEGMIND_API_KEY:-}" ]; then
    say "SEGMIND_API_KEY is not set: export SEGMIND_API_KEY=<your Segmind API key> and run this again."
    exit 1
fi
for tool in curl python3; do
    command -v "$tool" >/dev/null 2>&1 || { say "This script needs $tool: please install it."; exit 1; }
done
BASE="${SEGMIND_BASE_URL:-https://api.segmind.com}"
BASE="${BASE%/}"
POLL_SECONDS=@POLL@

@BODY@

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# "field FILE NAME" prints a top-level string field of a JSON answer (for "output", the video URL whether it
# comes as a string, an object or an array); "wait FILE" prints the seconds until x-rate-limit-reset-at-utc.
helper='
import datetime, json, sys
def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            value = json.load(f)
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}
if sys.argv[1] == "field":
    value = load(sys.argv[2]).get(sys.argv[3])
    if sys.argv[3] == "output":
        while isinstance(value, (list, dict)):
            if isinstance(value, list):
                value = value[0] if value else None
            else:
                value = value.get("video") or value.get("url")
    print(value if isinstance(value, str) else "")
else:
    reset = ""
    try:
        with open(sys.argv[2], encoding="latin-1") as f:
            for line in f:
                name, _, rest = line.partition(":")
                if name.strip().lower() == "x-rate-limit-reset-at-utc":
                    reset = rest.strip()
    except OSError:
        pass
    delay = 10.0
    try:
        when = datetime.datetime.fromisoformat(reset.replace("Z", "+00:00"))
        if when.tzinfo is None:
            when = when.replace(tzinfo=datetime.timezone.utc)
        delay = (when - datetime.datetime.now(datetime.timezone.utc)).total_seconds()
    except ValueError:
        pass
    print(max(1, min(300, int(delay) + 1)))
'
field() { python3 -c "$helper" field "$1" "$2"; }

# GET with the key into FILE, printing the HTTP status (000: no answer). A GET is safe to repeat: rate limits are
# waited out, network and server errors retried a few times.
get_json() {
    tries=0
    while :; do
        rm -f "$2" "$work/headers"
        code=$(curl -sS -o "$2" -D "$work/headers" -w '%{http_code}' -H "x-api-key: $SEGMIND_API_KEY" "$1") || code=000
        case "$code" in
            429)
                delay=$(python3 -c "$helper" wait "$work/headers")
                say "Rate limited: waiting $delay s."
                sleep "$delay"
                ;;
            000 | 5??)
                tries=$((tries + 1))
                if [ "$tries" -gt 5 ] || [ -n "$(field "$2" status)" ]; then
                    echo "$code"
                    return 0
                fi
                sleep $((tries * 2))
                ;;
            *)
                echo "$code"
                return 0
                ;;
        esac
    done
}

# The submit. Every POST is a new billed job, so it is sent once and never retried.
say "Submitting to $BASE ..."
if ! code=$(curl -sS -o "$work/submit.json" -w '%{http_code}' -X POST "$BASE/v2/happyhorse-1.1" \
    -H "x-api-key: $SEGMIND_API_KEY" -H 'Content-Type: application/json' --data-binary @DATA@); then
    say "The submit got no answer: the job may have been created (and billed) anyway." \
        "Check your Segmind dashboard before running this again."
    exit 1
fi
if [ "$code" != 200 ]; then
    say "The service refused the job (HTTP $code): $(field "$work/submit.json" error)"
    exit 1
fi
request_id=$(field "$work/submit.json" request_id | tr -cd 'A-Za-z0-9_-')
status_url=$(field "$work/submit.json" status_url)
response_url=$(field "$work/submit.json" response_url)
poll_url=$(field "$work/submit.json" poll_url)
[ -n "$status_url" ] || status_url=$poll_url
[ -n "$response_url" ] || response_url=$poll_url
[ -n "$request_id" ] || request_id=happyhorse
if [ -z "$status_url" ] || [ -z "$response_url" ]; then
    say "The answer to the submit has no status address: $(cat "$work/submit.json")"
    exit 1
fi
say "Submitted as $request_id; waiting for the video (usually a few minutes)."

# The service keeps a job's status and result for an hour after the submit.
polls=$((3600 / POLL_SECONDS + 1))
last=
while :; do
    sleep "$POLL_SECONDS"
    code=$(get_json "$status_url" "$work/status.json")
    status=$(field "$work/status.json" status)
    case "$status" in
        COMPLETED) break ;;
        FAILED)
            say "The job failed: $(field "$work/status.json" error)"
            exit 1
            ;;
    esac
    case "$code" in
        2??) ;;
        000)
            say "The service does not answer at $status_url."
            exit 1
            ;;
        *)
            say "Checking the job failed (HTTP $code): $(field "$work/status.json" error)"
            exit 1
            ;;
    esac
    if [ "$status" != "$last" ]; then
        say "  $status"
        last=$status
    fi
    polls=$((polls - 1))
    if [ "$polls" -le 0 ]; then
        say "Still not finished after an hour: giving up on $request_id."
        exit 1
    fi
done

code=$(get_json "$response_url" "$work/result.json")
video_url=$(field "$work/result.json" output)
if [ -z "$video_url" ]; then
    say "The result has no video address (HTTP $code): $(field "$work/result.json" error)"
    exit 1
fi

# Output files are public: the key is not sent to the files host. Written aside, renamed once whole.
file="$request_id.mp4"
if ! curl -sS -f -L --proto '=http,https' --retry 3 -o "$file.part" "$video_url"; then
    rm -f "$file.part"
    say "Downloading $video_url failed; the file stays available for 7 days."
    exit 1
fi
if [ "$(dd if="$file.part" bs=1 skip=4 count=4 2>/dev/null)" != ftyp ]; then
    rm -f "$file.part"
    say "$video_url did not send an MP4 file."
    exit 1
fi
mv -f "$file.part" "$file"
printf '%s\n' "$PWD/$file"
)SH";

// The Python script, filled in the same way by python().
const char16_t kPythonTemplate[] = uR"PY(#!/usr/bin/env python3
"""HappyHorse 1.1 on Segmind, exported by Paddock: submits one job, waits for it and downloads the MP4.

Each run is a new job, billed when it completes. Python 3.7+, standard library only.
The key comes from the environment: export SEGMIND_API_KEY=... (never write it into this file).
SEGMIND_BASE_URL overrides the API address.
"""

import datetime
import http.client
import json
import os
import re
import shutil
import sys
import time
import urllib.error
import urllib.request

BASE = os.environ.get("SEGMIND_BASE_URL", "https://api.segmind.com").rstrip("/")
POLL_SECONDS = @POLL@

@BODY@


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(1)


def call(url, key=None, data=None):
    """One HTTP exchange: (status, headers, body). Status 0 when no answer arrived."""
    headers = {}
    if key:
        headers["x-api-key"] = key
    if data is not None:
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, headers=headers, method="GET" if data is None else "POST")
    try:
        with urllib.request.urlopen(request, timeout=300) as reply:
            return reply.status, reply.headers, reply.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()
    except (OSError, http.client.HTTPException) as error:
        return 0, {}, str(error).encode("utf-8")


def as_json(body):
    try:
        value = json.loads(body.decode("utf-8"))
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def reset_delay(headers):
    """Seconds until the x-rate-limit-reset-at-utc time (ISO 8601), kept between 1 and 300."""
    text = (headers.get("x-rate-limit-reset-at-utc") or "").strip()
    delay = 10.0
    try:
        when = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
        if when.tzinfo is None:
            when = when.replace(tzinfo=datetime.timezone.utc)
        delay = (when - datetime.datetime.now(datetime.timezone.utc)).total_seconds() + 0.2
    except ValueError:
        pass
    return min(max(delay, 1.0), 300.0)


def wait_for_rate_limit(headers):
    delay = reset_delay(headers)
    print(f"Rate limited: waiting {delay:.0f} s.", file=sys.stderr)
    time.sleep(delay)


def get_json(url, key):
    """A GET is safe to repeat: rate limits are waited out, network and server errors retried a few times."""
    failures = 0
    while True:
        status, headers, body = call(url, key)
        answer = as_json(body)
        if answer.get("status") in ("COMPLETED", "FAILED"):
            return answer  # a body that announces the end is final, whatever the HTTP code (422 for FAILED)
        if status == 200 and answer:
            return answer
        if status == 429:
            wait_for_rate_limit(headers)
            continue
        if (status == 0 or status >= 500 or status == 200) and failures < 5:
            failures += 1
            time.sleep(2 * failures)
            continue
        if status == 0:
            fail(f"No answer from {url}: {body.decode('utf-8', 'replace')}")
        fail(f"{url} answered HTTP {status}: {answer.get('error') or 'no details'}")


def video_url(output):
    """The result's output: a URL, or an object (video, url) or array holding one."""
    while isinstance(output, (list, dict)):
        if isinstance(output, list):
            output = output[0] if output else None
        else:
            output = output.get("video") or output.get("url")
    return output if isinstance(output, str) else ""


def download(url, path):
    """Output files are public: the key is not sent to the files host. Written aside, renamed once whole."""
    if not url.startswith(("https://", "http://")):
        fail(f"The result's video address is not a web address: {url}")
    part = path + ".part"
    for attempt in range(1, 4):
        try:
            with urllib.request.urlopen(url, timeout=300) as reply, open(part, "wb") as out:
                expected = reply.headers.get("Content-Length")
                shutil.copyfileobj(reply, out, 1 << 20)
            if expected is not None and os.path.getsize(part) != int(expected):
                raise OSError(f"the download stopped after {os.path.getsize(part)} of {expected} bytes")
            with open(part, "rb") as f:
                if f.read(8)[4:8] != b"ftyp":
                    os.remove(part)
                    fail(f"{url} did not send an MP4 file.")
            os.replace(part, path)
            return path
        except (OSError, http.client.HTTPException) as error:
            print(f"Download failed ({error}).", file=sys.stderr)
            time.sleep(2 * attempt)
    if os.path.exists(part):
        os.remove(part)
    fail(f"Could not download {url}; the file stays available for 7 days.")


def main():
    key = os.environ.get("SEGMIND_API_KEY", "").strip()
    if not key:
        fail("SEGMIND_API_KEY is not set: export SEGMIND_API_KEY=<your Segmind API key> and run this again.")
    data = load_body()

    # Every POST is a new billed job: it is sent once. Only a 429 is asked again, as it creates no job.
    print(f"Submitting to {BASE} ...", file=sys.stderr)
    for _ in range(3):
        status, headers, body = call(BASE + "/v2/happyhorse-1.1", key, data)
        if status != 429:
            break
        wait_for_rate_limit(headers)
    if status == 0:
        fail(f"The submit got no answer ({body.decode('utf-8', 'replace')}): the job may have been created "
             "(and billed) anyway. Check your Segmind dashboard before running this again.")
    submitted = as_json(body)
    if status != 200:
        fail(f"The service refused the job (HTTP {status}): {submitted.get('error') or 'no details'}")
    request_id = re.sub(r"[^A-Za-z0-9_-]", "", str(submitted.get("request_id") or "")) or "happyhorse"
    status_url = submitted.get("status_url") or submitted.get("poll_url")
    result_url = submitted.get("response_url") or submitted.get("poll_url")
    if not status_url or not result_url:
        fail(f"The answer to the submit has no status address: {body.decode('utf-8', 'replace')}")
    print(f"Submitted as {request_id}; waiting for the video (usually a few minutes).", file=sys.stderr)

    deadline = time.monotonic() + 3600  # the service keeps a job's status and result for an hour
    last = None
    while True:
        time.sleep(POLL_SECONDS)
        answer = get_json(status_url, key)
        state = answer.get("status")
        if state == "COMPLETED":
            break
        if state == "FAILED":
            fail(f"The job failed: {answer.get('error') or 'no reason given'}")
        if state != last:
            print(f"  {state}", file=sys.stderr)
            last = state
        if time.monotonic() > deadline:
            fail(f"Still not finished after an hour: giving up on {request_id}.")

    result = get_json(result_url, key)
    url = video_url(result.get("output"))
    if not url:
        fail(f"The result has no video address: {result.get('error') or json.dumps(result)}")
    print(os.path.abspath(download(url, request_id + ".mp4")))


if __name__ == "__main__":
    main()
)PY";

QString fill(const char16_t *templ, const QString &pollSeconds, const QString &data, const QString &body)
{
    QString code = QString::fromUtf16(templ);
    code.replace(u"@POLL@"_s, pollSeconds);
    if (!data.isNull())
        code.replace(u"@DATA@"_s, data);
    code.replace(u"@BODY@"_s, body);
    return code;
}

} // namespace

QString shellQuote(const QString &text)
{
    // Inside single quotes nothing is special but the single quote itself, which is closed, escaped and reopened.
    QString quoted = text;
    quoted.replace(u"'"_s, u"'\\''"_s);
    return u"'"_s + quoted + u"'"_s;
}

QString pythonString(const QString &text)
{
    QString out = u"\""_s;
    out.reserve(text.size() + 2);
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            const char32_t code = QChar::surrogateToUcs4(c, text.at(i + 1));
            if (QChar::category(code) == QChar::Other_Format) {
                out += hexEscape("\\U", uint(code), 8);
            } else {
                out += c;
                out += text.at(i + 1);
            }
            ++i;
            continue;
        }
        switch (c.unicode()) {
        case u'\\':
            out += u"\\\\"_s;
            continue;
        case u'"':
            out += u"\\\""_s;
            continue;
        case u'\n':
            out += u"\\n"_s;
            continue;
        case u'\r':
            out += u"\\r"_s;
            continue;
        case u'\t':
            out += u"\\t"_s;
            continue;
        default:
            break;
        }
        if (c.unicode() < 0x20)
            out += hexEscape("\\x", c.unicode(), 2);
        else if (c.isSurrogate() || isInvisible(c)) // a lone surrogate has no UTF-8 form in the source file
            out += hexEscape("\\u", c.unicode(), 4);
        else
            out += c;
    }
    return out + u"\""_s;
}

Export curl(const GenerationRequest &request, const Options &options)
{
    Export result;
    result.scriptFileName = u"happyhorse.sh"_s;
    const Body body = makeBody(request, options);
    if (!body.error.isEmpty()) {
        result.error = body.error;
        return result;
    }
    QString bodyLines;
    QString data;
    if (body.inlined) {
        bodyLines = u"# The submit body (JSON).\nbody="_s + shellQuote(readableJson(body.json));
        data = u"\"$body\""_s;
    } else {
        result.bodyFileName = safeBodyFileName(options.bodyFileName);
        result.bodyJson = body.compact;
        bodyLines = u"# The submit body is too large to paste here: it is in %1, saved with this script.\n"
                    u"body_file=%2\n"
                    u"if [ ! -f \"$body_file\" ]; then\n"
                    u"    say \"$body_file (the request body, saved with this script) is not in $PWD: run this in its "
                    u"folder.\"\n"
                    u"    exit 1\n"
                    u"fi"_s.arg(result.bodyFileName, shellQuote(result.bodyFileName));
        data = u"\"@$body_file\""_s;
    }
    result.code = fill(kShellTemplate, QString::number(qMax(1, options.pollSeconds)), data, bodyLines);
    return result;
}

Export python(const GenerationRequest &request, const Options &options)
{
    Export result;
    result.scriptFileName = u"happyhorse.py"_s;
    const Body body = makeBody(request, options);
    if (!body.error.isEmpty()) {
        result.error = body.error;
        return result;
    }
    QString bodyLines;
    if (body.inlined) {
        bodyLines = u"# The submit body.\nBODY = "_s + pythonValue(body.json, QString()) +
                    u"\n\n\ndef load_body():\n    return json.dumps(BODY).encode(\"utf-8\")"_s;
    } else {
        result.bodyFileName = safeBodyFileName(options.bodyFileName);
        result.bodyJson = body.compact;
        bodyLines = u"# The submit body is too large to paste here: it is in this file, saved with this script.\n"
                    u"BODY_FILE = %1\n\n\n"
                    u"def load_body():\n"
                    u"    try:\n"
                    u"        with open(BODY_FILE, \"rb\") as f:\n"
                    u"            return f.read()\n"
                    u"    except OSError as error:\n"
                    u"        fail(f\"Cannot read {BODY_FILE} (the request body, saved with this script): {error}. \"\n"
                    u"             \"Run this in its folder.\")"_s.arg(pythonString(result.bodyFileName));
    }
    result.code = fill(kPythonTemplate, QString::number(qMax(1, options.pollSeconds)), QString(), bodyLines);
    return result;
}

} // namespace CodeExport
