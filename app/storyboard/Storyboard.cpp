#include "storyboard/Storyboard.h"

#include <algorithm>

const StoryboardTake *Shot::take(qint64 generationId) const
{
    if (generationId == 0)
        return nullptr;
    const auto found = std::find_if(takes.cbegin(), takes.cend(),
                                    [generationId](const StoryboardTake &t) { return t.generationId == generationId; });
    return found == takes.cend() ? nullptr : &*found;
}

bool Shot::hasChosenReadyTake() const
{
    const StoryboardTake *c = chosen();
    return c && c->state == JobState::Ready;
}

int Storyboard::indexOfShot(qint64 shotId) const
{
    for (int i = 0; i < shots.size(); ++i) {
        if (shots.at(i).id == shotId)
            return i;
    }
    return -1;
}

namespace StoryboardRules {

bool continuesFromPrevious(const Storyboard &board, int shotIndex)
{
    return shotIndex > 0 && shotIndex < board.shots.size() && board.shots.at(shotIndex).linked;
}

GenerationRequest requestFor(const Storyboard &board, int shotIndex, const QString &lastFramePng)
{
    GenerationRequest request;
    if (shotIndex < 0 || shotIndex >= board.shots.size())
        return request;
    const Shot &shot = board.shots.at(shotIndex);
    request.prompt = shot.prompt;
    request.aspect = board.aspect;
    request.resolution = shot.resolution.value_or(board.resolution);
    request.durationSeconds = shot.durationSeconds.value_or(board.durationSeconds);
    if (continuesFromPrevious(board, shotIndex)) {
        request.firstFrame = ImageSource::fromFile(lastFramePng);
        request.modeChoice = GenerationRequest::ModeChoice::ImageToVideo;
        return request;
    }
    request.firstFrame = shot.firstFrame;
    request.references = shot.references;
    // A shot given both chose its first frame to start from; the references alone make a reference-to-video.
    if (!request.firstFrame.isEmpty() && !request.references.isEmpty())
        request.modeChoice = GenerationRequest::ModeChoice::ImageToVideo;
    return request;
}

qint64 basisFor(const Storyboard &board, int shotIndex)
{
    return continuesFromPrevious(board, shotIndex) ? board.shots.at(shotIndex - 1).chosenTake : 0;
}

QList<int> staleShots(const Storyboard &board)
{
    QList<int> stale;
    bool previousStale = false;
    for (int i = 0; i < board.shots.size(); ++i) {
        const Shot &shot = board.shots.at(i);
        const bool isStale = continuesFromPrevious(board, i) && shot.chosenTake != 0
                             && (previousStale || shot.basedOn != basisFor(board, i));
        if (isStale)
            stale << i;
        previousStale = isStale;
    }
    return stale;
}

QList<int> staleAfterChoosing(const Storyboard &board, int shotIndex, qint64 generationId)
{
    if (shotIndex < 0 || shotIndex >= board.shots.size())
        return {};
    Storyboard chosen = board;
    Shot &shot = chosen.shots[shotIndex];
    shot.chosenTake = generationId;
    if (const StoryboardTake *take = shot.take(generationId))
        shot.basedOn = take->basedOn;
    QList<int> after = staleShots(chosen);
    after.removeIf([shotIndex](int i) { return i <= shotIndex; });
    return after;
}

QList<int> shotsToGenerate(const Storyboard &board, bool includeStale)
{
    const QList<int> stale = staleShots(board);
    QList<int> wanted;
    for (int i = 0; i < board.shots.size(); ++i) {
        const Shot &shot = board.shots.at(i);
        if (shot.waiting != Shot::Waiting::No)
            continue; // asked for already, and sent as soon as it can be: neither asked nor priced twice
        const bool hasLive = std::any_of(shot.takes.cbegin(), shot.takes.cend(),
                                         [](const StoryboardTake &t) { return t.isLive(); });
        if (!hasLive) {
            wanted << i;
            continue;
        }
        if (!includeStale || !stale.contains(i))
            continue;
        // A stale shot whose new take is already on its way is not sent again; one after a stale shot always is,
        // since what it continues from will change.
        const qint64 basis = basisFor(board, i);
        const bool remade = std::any_of(shot.takes.cbegin(), shot.takes.cend(), [basis](const StoryboardTake &t) {
            return t.isLive() && t.basedOn == basis;
        });
        if (stale.contains(i - 1) || !remade)
            wanted << i;
    }
    return wanted;
}

bool hasWaitingShots(const Storyboard &board)
{
    return std::any_of(board.shots.cbegin(), board.shots.cend(),
                       [](const Shot &shot) { return shot.waiting != Shot::Waiting::No; });
}

QList<qint64> chosenTakes(const Storyboard &board)
{
    QList<qint64> takes;
    for (const Shot &shot : board.shots)
        takes << shot.chosenTake;
    return takes;
}

qint64 priceOfGenerateAll(const Storyboard &board, bool includeStale)
{
    qint64 cents = 0;
    for (int i : shotsToGenerate(board, includeStale))
        cents += requestFor(board, i, QString()).costCents();
    return cents;
}

} // namespace StoryboardRules
