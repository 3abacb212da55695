#pragma once

#include "api/GenerationRequest.h"
#include "api/Pricing.h"
#include "jobs/Job.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <QtGlobal>

#include <optional>

// One generation made for a shot. basedOn is the predecessor's take whose last frame it was made from (0 when the
// shot does not continue from the previous one).
struct StoryboardTake
{
    qint64 generationId = 0;
    qint64 basedOn = 0;
    JobState state = JobState::Queued; // of the generation, as the library last saw it

    // Still running or done: such a take is never sent again. Failed ones cost nothing and may be replaced.
    bool isLive() const { return state != JobState::Failed; }
    friend bool operator==(const StoryboardTake &, const StoryboardTake &) = default;
};

// One shot of the strip: its own prompt, settings that may override the storyboard's, and its takes.
struct Shot
{
    qint64 id = 0;
    QString prompt;
    std::optional<int> durationSeconds;             // unset: the storyboard's
    std::optional<Pricing::Resolution> resolution; // unset: the storyboard's
    // Continues from the previous shot's last frame (image-to-video). The first shot has nothing to continue from
    // and uses its own images, as an unlinked shot does.
    bool linked = true;
    // Its own first frame and references, when not linked: files kept in the library's images, or web addresses.
    ImageSource firstFrame;
    QList<ImageSource> references;
    qint64 chosenTake = 0;       // a generation id, 0 when none is chosen
    bool stale = false;          // its chosen take was made from a predecessor take that is no longer chosen
    qint64 basedOn = 0;          // what the chosen take (or the last take made) was made from
    // Asked to be generated and not yet sent: kept in the library so that a restart sends what was asked for, and
    // nothing else. NewTake: one more take even though the shot has one made from the same starting point.
    enum class Waiting { No, Take, NewTake };
    Waiting waiting = Waiting::No;
    QList<StoryboardTake> takes; // in the order they were made

    const StoryboardTake *take(qint64 generationId) const;
    const StoryboardTake *chosen() const { return take(chosenTake); }
    bool hasChosenReadyTake() const;
    friend bool operator==(const Shot &, const Shot &) = default;
};

// A sequence sketched as an ordered strip of shots, with the settings every shot starts from.
struct Storyboard
{
    qint64 id = 0;
    QString name;
    QDateTime createdAt;
    AspectRatio aspect = AspectRatio::R16x9;
    Pricing::Resolution resolution = Pricing::Resolution::P720;
    int durationSeconds = 5;
    QList<Shot> shots;
    // The takes the stitched film was made of, in order (empty: no film yet). The film is out of date when they
    // are no longer the chosen ones.
    QList<qint64> filmTakes;

    int indexOfShot(qint64 shotId) const; // -1 when it is not one of these shots
    friend bool operator==(const Storyboard &, const Storyboard &) = default;
};

// The rules of a storyboard, as pure functions of its value: what each shot sends, what becomes stale, what a run
// costs. The library stores the value, the ChainRunner acts on it.
namespace StoryboardRules {

// True when shot index takes its first frame from the previous shot's last frame.
bool continuesFromPrevious(const Storyboard &board, int shotIndex);

// The request for a new take of a shot: the storyboard's aspect, resolution and duration, overridden by the shot's;
// its prompt; and when it continues from the previous shot, lastFramePng as the first frame (image-to-video).
// Otherwise its own first frame or references (text-to-video when it has neither).
GenerationRequest requestFor(const Storyboard &board, int shotIndex, const QString &lastFramePng);

// The take a new take of shot index would be made from: the previous shot's chosen take when it continues from it,
// else 0.
qint64 basisFor(const Storyboard &board, int shotIndex);

// Which shots are stale, in order: a shot that continues from the previous one and has a chosen take is stale when
// that take was made from another take than the one chosen now before it, or when the shot before it is stale (its
// last frame will change when it is made again).
QList<int> staleShots(const Storyboard &board);

// The shots after shotIndex that are stale once generationId is chosen for it (the choice itself is not stored).
QList<int> staleAfterChoosing(const Storyboard &board, int shotIndex, qint64 generationId);

// The shots "generate all" would send, in order: those with no live take, and the stale ones when includeStale;
// never one already asked for and waiting to be sent.
QList<int> shotsToGenerate(const Storyboard &board, bool includeStale);

// True when a shot was asked for and not yet sent: a restart carries such a storyboard on.
bool hasWaitingShots(const Storyboard &board);

// The chosen takes in shot order, as a film made now would use them (0 for a shot with none).
QList<qint64> chosenTakes(const Storyboard &board);

// What those shots cost, in cents, shown before anything is sent.
qint64 priceOfGenerateAll(const Storyboard &board, bool includeStale);

} // namespace StoryboardRules
