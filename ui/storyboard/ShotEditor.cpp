#include "storyboard/ShotEditor.h"

#include "ImageSlot.h"
#include "PromptEditor.h"
#include "ReferenceGallery.h"
#include "library/Library.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

constexpr int kPromptPauseMs = 400; // a prompt is stored once typing pauses, not at every key
constexpr int kGenerationIdRole = Qt::UserRole + 1;

QString takeLabel(int number, const StoryboardTake &take, const std::optional<Job> &job, bool chosen)
{
    QString text = u"Take %1 · %2"_s.arg(number).arg(jobStateText(take.state));
    if (chosen)
        text += u" · chosen"_s;
    // Why a take failed, expired or is in doubt (and whether it was charged), as the main window's details say it.
    if (job && take.state != JobState::Ready && !job->error.isEmpty())
        text += u" — "_s + job->error;
    return text;
}

} // namespace

ShotEditor::ShotEditor(const Library *library, QWidget *parent) : QWidget(parent), m_library(library)
{
    m_heading = new QLabel(this);
    QFont headingFont = m_heading->font();
    headingFont.setBold(true);
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.15);
    m_heading->setFont(headingFont);
    m_heading->setAccessibleName(u"Shot"_s);

    m_stale = new QLabel(this);
    m_stale->setWordWrap(true);
    m_stale->setAccessibleName(u"Stale shot"_s);
    m_stale->setStyleSheet(u"QLabel { color: palette(window-text); background: rgba(230, 160, 40, 60); "
                           u"border-radius: 4px; padding: 4px; }"_s);
    m_stale->hide();

    // With the main form's count of characters against what the service reads, red past it.
    m_promptBox = new PromptEditor(this);
    m_prompt = m_promptBox->editor();
    m_prompt->setAccessibleName(u"Shot prompt"_s);
    m_prompt->setPlaceholderText(u"What happens in this shot"_s);
    m_prompt->setToolTip(u"What happens in this shot, with its sound. Ctrl+Enter generates it."_s);
    m_prompt->setMinimumHeight(4 * m_prompt->fontMetrics().lineSpacing());
    m_prompt->setMaximumHeight(8 * m_prompt->fontMetrics().lineSpacing());
    m_promptPause = new QTimer(this);
    m_promptPause->setSingleShot(true);
    m_promptPause->setInterval(kPromptPauseMs);
    connect(m_promptPause, &QTimer::timeout, this, &ShotEditor::emitEdited);
    connect(m_prompt, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_filling)
            m_promptPause->start();
    });

    m_ownDuration = new QCheckBox(u"Own length"_s, this);
    m_ownDuration->setAccessibleName(u"Own length"_s);
    m_duration = new QSpinBox(this);
    m_duration->setRange(3, 15);
    m_duration->setSuffix(u" s"_s);
    m_duration->setAccessibleName(u"Shot length"_s);
    m_resolution = new QComboBox(this);
    m_resolution->setAccessibleName(u"Shot resolution"_s);
    m_link = new QCheckBox(u"Continue from the previous shot's last frame"_s, this);
    m_link->setAccessibleName(u"Continue from the previous shot"_s);

    m_ownImages = new QWidget(this);
    m_firstFrame = new ImageSlot(ImageRole::FirstFrame, u"First frame"_s, ImageSlot::Size::Full, m_ownImages);
    m_firstFrame->setPlaceholderText(u"Drop, paste or choose this shot's first frame (optional)"_s);
    m_references = new ReferenceGallery(m_ownImages);
    auto *imagesLayout = new QVBoxLayout(m_ownImages);
    imagesLayout->setContentsMargins(0, 0, 0, 0);
    imagesLayout->addWidget(m_firstFrame);
    imagesLayout->addWidget(m_references);

    m_takes = new QListWidget(this);
    m_takes->setAccessibleName(u"Takes"_s);
    m_takes->setMinimumHeight(4 * m_takes->fontMetrics().lineSpacing() + 8);
    m_takes->setMaximumHeight(8 * m_takes->fontMetrics().lineSpacing() + 8);
    m_choose = new QPushButton(u"&Use This Take"_s, this);
    m_choose->setAccessibleName(u"Use this take"_s);
    m_choose->setToolTip(u"Make the selected take the one the film uses. Shots that continue from this one are "
                         u"marked stale; nothing is sent."_s);
    m_play = new QPushButton(u"Pla&y Take"_s, this);
    m_play->setAccessibleName(u"Play take"_s);
    m_generate = new QPushButton(u"Generate This Shot"_s, this);
    m_generate->setAccessibleName(u"Generate this shot"_s);
    m_generateWhy = new QLabel(this);
    m_generateWhy->setWordWrap(true);
    m_generateWhy->setAccessibleName(u"Before generating this shot"_s);
    m_generateWhy->hide();

    auto *lengthRow = new QHBoxLayout;
    lengthRow->addWidget(m_ownDuration);
    lengthRow->addWidget(m_duration);
    lengthRow->addStretch(1);
    auto *form = new QFormLayout;
    form->addRow(u"Length"_s, lengthRow);
    form->addRow(u"Resolution"_s, m_resolution);

    // The take buttons head the list, so they stay in view however long it is.
    auto *takeButtons = new QHBoxLayout;
    takeButtons->addWidget(new QLabel(u"Takes"_s, this));
    takeButtons->addStretch(1);
    takeButtons->addWidget(m_choose);
    takeButtons->addWidget(m_play);

    // The shot's fields scroll on a small screen; generating it stays in view below them.
    auto *fields = new QWidget(this);
    auto *fieldsLayout = new QVBoxLayout(fields);
    fieldsLayout->setContentsMargins(0, 0, 0, 0);
    fieldsLayout->addWidget(m_heading);
    fieldsLayout->addWidget(m_stale);
    fieldsLayout->addWidget(m_promptBox);
    fieldsLayout->addLayout(form);
    fieldsLayout->addWidget(m_link);
    // The takes before the shot's own images: choosing among them is what is done most, and must not need a scroll.
    fieldsLayout->addLayout(takeButtons);
    fieldsLayout->addWidget(m_takes);
    fieldsLayout->addWidget(m_ownImages);
    fieldsLayout->addStretch(1);
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(fields);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(scroll, 1);
    layout->addWidget(m_generate);
    layout->addWidget(m_generateWhy);

    connect(m_ownDuration, &QCheckBox::toggled, this, [this] {
        updateEnabled();
        emitEdited();
    });
    connect(m_duration, &QSpinBox::valueChanged, this, &ShotEditor::emitEdited);
    connect(m_resolution, &QComboBox::currentIndexChanged, this, &ShotEditor::emitEdited);
    connect(m_link, &QCheckBox::toggled, this, [this] {
        updateEnabled();
        emitEdited();
    });
    connect(m_firstFrame, &ImageSlot::sourceChanged, this, &ShotEditor::emitEdited);
    connect(m_references, &ReferenceGallery::sourcesChanged, this, &ShotEditor::emitEdited);
    connect(m_takes, &QListWidget::currentRowChanged, this, &ShotEditor::updateTakeButtons);
    connect(m_takes, &QListWidget::itemActivated, this, [this] {
        if (const qint64 take = selectedTake(); take != 0)
            Q_EMIT playTakeRequested(take);
    });
    connect(m_choose, &QPushButton::clicked, this, [this] {
        if (const qint64 take = selectedTake(); take != 0)
            Q_EMIT chooseTakeRequested(take);
    });
    connect(m_play, &QPushButton::clicked, this, [this] {
        if (const qint64 take = selectedTake(); take != 0)
            Q_EMIT playTakeRequested(take);
    });
    connect(m_generate, &QPushButton::clicked, this, [this] {
        flush();
        Q_EMIT generateRequested();
    });
    showShot(Storyboard(), -1);
}

ShotEditor::~ShotEditor() = default;

void ShotEditor::showShot(const Storyboard &board, int index)
{
    const bool valid = index >= 0 && index < board.shots.size();
    setEnabled(valid);
    if (!valid) {
        m_shot = Shot();
        m_heading->setText(u"No shot"_s);
        m_stale->hide();
        m_takes->clear();
        return;
    }
    const Shot &shot = board.shots.at(index);
    const bool sameShot = shot.id == m_shot.id;
    flush();
    m_filling = true;
    m_shot = shot;
    m_heading->setText(u"Shot %1 of %2"_s.arg(index + 1).arg(board.shots.size()));
    if (!sameShot) {
        m_prompt->setPlainText(shot.prompt);
        m_firstFrame->setSource(shot.firstFrame);
        m_references->setSources(shot.references);
    }
    m_ownDuration->setChecked(shot.durationSeconds.has_value());
    m_duration->setValue(shot.durationSeconds.value_or(board.durationSeconds));
    m_resolution->clear();
    m_resolution->addItem(u"As the storyboard (%1)"_s.arg(Pricing::resolutionName(board.resolution)));
    m_resolution->addItem(u"720P"_s);
    m_resolution->addItem(u"1080P"_s);
    m_resolution->setCurrentIndex(!shot.resolution ? 0 : *shot.resolution == Pricing::Resolution::P720 ? 1 : 2);
    const bool first = index == 0;
    m_link->setChecked(!first && shot.linked);
    m_link->setToolTip(first ? u"The first shot has nothing before it: it starts from its own images, or from the "
                               u"prompt alone."_s
                             : u"Shot %1 starts where the chosen take of shot %2 ends: its last frame is sent as "
                               u"this shot's first frame."_s.arg(index + 1).arg(index));
    m_link->setProperty("firstShot", first);
    if (shot.stale) {
        m_stale->setText(u"Stale: its chosen take continues from a take of shot %1 that is no longer chosen. It is "
                         u"kept as it is; generate it again when it should match."_s.arg(index));
        m_stale->show();
    } else {
        m_stale->hide();
    }
    fillTakes(board, index);
    updateEnabled();
    m_filling = false;
}

void ShotEditor::fillTakes(const Storyboard &board, int index)
{
    const qint64 selected = selectedTake();
    const Shot &shot = board.shots.at(index);
    m_takes->clear();
    int number = 0;
    for (const StoryboardTake &take : shot.takes) {
        const std::optional<Job> job = m_library->job(take.generationId);
        auto *item = new QListWidgetItem(takeLabel(++number, take, job, take.generationId == shot.chosenTake), m_takes);
        item->setData(kGenerationIdRole, take.generationId);
        if (job && !job->error.isEmpty())
            item->setToolTip(job->error);
        if (take.generationId == shot.chosenTake) {
            QFont font = item->font();
            font.setBold(true);
            item->setFont(font);
        }
        if (take.generationId == selected || (selected == 0 && take.generationId == shot.chosenTake))
            m_takes->setCurrentItem(item);
    }
    if (shot.takes.isEmpty()) {
        auto *item = new QListWidgetItem(u"No take yet"_s, m_takes);
        item->setFlags(Qt::NoItemFlags);
    }
    updateTakeButtons();
}

void ShotEditor::updateTakeButtons()
{
    const qint64 take = selectedTake();
    const StoryboardTake *found = m_shot.take(take);
    const bool ready = found && found->state == JobState::Ready;
    m_choose->setEnabled(ready && take != m_shot.chosenTake);
    m_play->setEnabled(ready);
}

qint64 ShotEditor::selectedTake() const
{
    const QListWidgetItem *item = m_takes->currentItem();
    return item ? item->data(kGenerationIdRole).toLongLong() : 0;
}

void ShotEditor::updateEnabled()
{
    const bool first = m_link->property("firstShot").toBool();
    m_link->setEnabled(!first);
    m_duration->setEnabled(m_ownDuration->isChecked());
    m_ownImages->setVisible(first || !m_link->isChecked());
}

Shot ShotEditor::shot() const
{
    Shot shot = m_shot;
    shot.prompt = m_prompt->toPlainText();
    shot.durationSeconds = m_ownDuration->isChecked() ? std::optional<int>(m_duration->value()) : std::nullopt;
    const int resolution = m_resolution->currentIndex();
    shot.resolution = resolution == 1   ? std::optional(Pricing::Resolution::P720)
                      : resolution == 2 ? std::optional(Pricing::Resolution::P1080)
                                        : std::nullopt;
    shot.linked = m_link->property("firstShot").toBool() ? shot.linked : m_link->isChecked();
    shot.firstFrame = m_firstFrame->source();
    shot.references = m_references->sources();
    return shot;
}

void ShotEditor::flush()
{
    if (m_promptPause->isActive()) {
        m_promptPause->stop();
        emitEdited();
    }
}

void ShotEditor::emitEdited()
{
    if (m_filling || m_shot.id == 0)
        return;
    const Shot edited = shot();
    if (edited == m_shot)
        return;
    m_shot = edited;
    Q_EMIT this->edited(edited);
}

void ShotEditor::setGenerateState(const QString &label, bool enabled, const QString &why)
{
    m_generate->setText(label);
    m_generate->setEnabled(enabled);
    m_generateWhy->setText(why);
    m_generateWhy->setVisible(!why.isEmpty());
}
