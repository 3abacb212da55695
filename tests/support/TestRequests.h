#pragma once

#include "api/GenerationRequest.h"

#include <QUrl>

// Requests for the tests of what is built on GenerationRequest (sweeps and their dialog). Images are web addresses
// that are never fetched: the rules these tests check do not read images.
namespace TestRequests {

// Five seconds at 720P ($0.70), text to video.
inline GenerationRequest fox()
{
    using namespace Qt::StringLiterals;
    GenerationRequest request;
    request.prompt = u"a red fox trots through snow"_s;
    request.durationSeconds = 5;
    return request;
}

inline ImageSource webImage(const QString &name)
{
    using namespace Qt::StringLiterals;
    return ImageSource::fromUrl(QUrl(u"https://example.com/"_s + name));
}

} // namespace TestRequests
