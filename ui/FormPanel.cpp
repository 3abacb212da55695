#include "FormPanel.h"

#include "AdaptiveColumns.h"
#include "AspectRatioButtons.h"
#include "DurationPicker.h"
#include "ImageSlot.h"
#include "ModeChoiceBox.h"
#include "PromptEditor.h"
#include "ReferenceGallery.h"
#include "SeedEditor.h"
#include "UiColors.h"

#include <QAction>
#include <QButtonGroup>
#include <QDragEnterEvent>
#include <QFileInfo>
#include <QMimeData>
#include <QDropEvent>
#include <QCheckBox>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QGraphicsOpacityEffect>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QShortcut>
#include <QSpinBox>
#include <QStyle>
#include <QtConcurrent/QtConcurrentRun>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

constexpr int kMaxTakes = 8;
// Inputs that will not be sent are drawn this faint: still readable and editable, clearly set aside.
constexpr qreal kDimmedOpacity = 0.4;

bool touchesFiles(const GenerationRequest &request)
{
    return request.firstFrame.isLocalFile() ||
           std::any_of(request.references.cbegin(), request.references.cend(),
                       [](const ImageSource &source) { return source.isLocalFile(); });
}

QLabel *sectionTitle(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 1.1);
    label->setFont(font);
    return label;
}

QLabel *noteLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

// "Reference image 3: This image is…"; the prompt's and the mode's messages already say what they are about.
QString describeProblem(const RequestProblem &problem)
{
    using Field = RequestProblem::Field;
    if (problem.field == Field::Prompt || problem.field == Field::Mode)
        return problem.message;
    return problem.fieldLabel() + u": "_s + problem.message;
}

} // namespace

FormPanel::FormPanel(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setWidget(buildContent());
    layout->addWidget(scroll, 1);
    layout->addWidget(buildFooter());

    // Anywhere in the window, as in other generators: the prompt box keeps plain Enter for new lines.
    for (const QKeySequence &keys : {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)}) {
        auto *shortcut = new QShortcut(keys, this);
        shortcut->setContext(Qt::WindowShortcut);
        connect(shortcut, &QShortcut::activated, this, &FormPanel::generate);
    }

    connect(m_prompt, &PromptEditor::textChanged, this, &FormPanel::onFormChanged);
    connect(m_negative, &QPlainTextEdit::textChanged, this, &FormPanel::onFormChanged);
    connect(m_promptExtend, &QCheckBox::toggled, this, &FormPanel::onFormChanged);
    connect(m_watermark, &QCheckBox::toggled, this, &FormPanel::onFormChanged);
    connect(m_seed, &SeedEditor::seedChanged, this, &FormPanel::onFormChanged);
    connect(m_resolution, &QButtonGroup::idToggled, this, [this](int, bool checked) {
        if (checked)
            onFormChanged();
    });
    connect(m_duration, &DurationPicker::valueChanged, this, &FormPanel::onFormChanged);
    connect(m_aspect, &AspectRatioButtons::aspectChanged, this, &FormPanel::onFormChanged);

    // Undo for the images: text boxes keep Ctrl+Z for their own text while they have the focus.
    m_undoImages = new QAction(u"&Undo image change"_s, this);
    m_undoImages->setShortcuts(QKeySequence::Undo);
    m_undoImages->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_undoImages, &QAction::triggered, this, &FormPanel::undoImageChange);
    m_redoImages = new QAction(u"&Redo image change"_s, this);
    m_redoImages->setShortcuts(QKeySequence::Redo);
    m_redoImages->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_redoImages, &QAction::triggered, this, &FormPanel::redoImageChange);
    addAction(m_undoImages);
    addAction(m_redoImages);
    updateUndoActions();
    connect(m_firstFrame, &ImageSlot::sourceChanged, this, &FormPanel::recordImageChange);
    connect(m_gallery, &ReferenceGallery::sourcesChanged, this, &FormPanel::recordImageChange);
    connect(m_firstFrame, &ImageSlot::sourceChanged, this, &FormPanel::onFormChanged);
    connect(m_gallery, &ReferenceGallery::sourcesChanged, this, &FormPanel::onFormChanged);


    connect(m_modeChoice, &ModeChoiceBox::choiceChanged, this, &FormPanel::onFormChanged);
    connect(m_takes, &QSpinBox::valueChanged, this, &FormPanel::updateCost);
    connect(m_generate, &QPushButton::clicked, this, &FormPanel::generate);
    connect(m_sweep, &QPushButton::clicked, this, &FormPanel::sweep);

    onFormChanged();
    m_userActed = false; // the form as built is nobody's doing: no errors yet
    validateNow();

    // A clip dropped anywhere on the form brings back its recipe; the image slots and text boxes would otherwise take
    // it for an image or for text, so they are asked first through this filter.
    setAcceptDrops(true);
    const QList<QWidget *> children = findChildren<QWidget *>();
    for (QWidget *child : children)
        child->installEventFilter(this);
}

FormPanel::~FormPanel() = default;

QString FormPanel::droppedClip(const QMimeData *mime)
{
    if (!mime || !mime->hasUrls() || mime->urls().size() != 1)
        return {};
    const QUrl url = mime->urls().constFirst();
    if (!url.isLocalFile())
        return {};
    const QString path = url.toLocalFile();
    const QString suffix = QFileInfo(path).suffix().toLower();
    return suffix == u"mp4"_s || suffix == u"m4v"_s || suffix == u"mov"_s ? path : QString();
}

bool FormPanel::eventFilter(QObject *watched, QEvent *event)
{
    switch (event->type()) {
    case QEvent::DragEnter:
    case QEvent::DragMove:
    case QEvent::Drop: {
        auto *drop = static_cast<QDropEvent *>(event);
        const QString clip = droppedClip(drop->mimeData());
        if (clip.isEmpty())
            break;
        drop->acceptProposedAction();
        if (event->type() == QEvent::Drop)
            Q_EMIT recipeDropped(clip);
        return true;
    }
    default:
        break;
    }
    return QWidget::eventFilter(watched, event);
}

void FormPanel::dragEnterEvent(QDragEnterEvent *event)
{
    if (!droppedClip(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void FormPanel::dropEvent(QDropEvent *event)
{
    const QString clip = droppedClip(event->mimeData());
    if (clip.isEmpty())
        return;
    event->acceptProposedAction();
    Q_EMIT recipeDropped(clip);
}

QWidget *FormPanel::buildContent()
{
    // The words and numbers on the left, the images on the right: at 1366×768 everything, all nine reference
    // slots included, is in view at once. A narrow window stacks the two and scrolls.
    m_columns = new AdaptiveColumns(buildSettingsColumn(), buildReferenceColumn());
    m_columns->setObjectName(u"formColumns"_s);
    return m_columns;
}

QWidget *FormPanel::buildSettingsColumn()
{
    auto *content = new QWidget;
    content->setObjectName(u"settingsColumn"_s);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);

    auto *promptTitle = sectionTitle(u"&Prompt"_s, content);
    layout->addWidget(promptTitle);
    m_prompt = new PromptEditor(content);
    promptTitle->setBuddy(m_prompt->editor());
    layout->addWidget(m_prompt, 1);

    auto *negativeTitle = new QLabel(u"&Negative prompt (optional)"_s, content);
    layout->addWidget(negativeTitle);
    m_negative = new QPlainTextEdit(content);
    m_negative->setPlaceholderText(u"What to keep out, e.g. “blurry, text, extra fingers”"_s);
    m_negative->setAccessibleName(u"Negative prompt"_s);
    m_negative->setToolTip(u"Things the video should avoid"_s);
    m_negative->setTabChangesFocus(true);
    m_negative->setFixedHeight(m_negative->fontMetrics().lineSpacing() + 14); // one line shows; more scroll
    negativeTitle->setBuddy(m_negative);
    layout->addWidget(m_negative);

    m_promptExtend = new QCheckBox(u"Expand short prompts"_s, content);
    m_promptExtend->setAccessibleName(u"Prompt extend"_s);
    m_promptExtend->setToolTip(u"The service rewrites a short prompt into a more detailed one with a language model "
                               "before making the video. Good for quick ideas; turn it off to get exactly what you "
                               "wrote."_s);
    m_watermark = new QCheckBox(u"Watermark"_s, content);
    m_watermark->setAccessibleName(u"Watermark"_s);
    m_watermark->setToolTip(u"The service stamps the model's watermark on the video."_s);
    auto *options = new QHBoxLayout;
    options->addWidget(m_promptExtend);
    options->addWidget(m_watermark);
    options->addStretch(1);
    layout->addLayout(options);

    auto *settings = new QFormLayout;
    settings->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    settings->setVerticalSpacing(4);
    m_seed = new SeedEditor(content);
    m_seed->setObjectName(u"seed"_s);
    settings->addRow(u"&Seed"_s, m_seed);

    auto *resolutionRow = new QWidget(content);
    auto *resolutionLayout = new QHBoxLayout(resolutionRow);
    resolutionLayout->setContentsMargins(0, 0, 0, 0);
    m_resolution = new QButtonGroup(resolutionRow);
    for (Pricing::Resolution resolution : {Pricing::Resolution::P720, Pricing::Resolution::P1080}) {
        auto *button = new QToolButton(resolutionRow);
        const QString name = Pricing::resolutionName(resolution);
        button->setText(name);
        button->setCheckable(true);
        button->setObjectName(u"resolution"_s + name);
        button->setAccessibleName(u"Resolution %1"_s.arg(name));
        button->setToolTip(
            u"%1: %2 per second of video"_s.arg(name, Pricing::formatCents(Pricing::centsPerSecond(resolution))));
        m_resolution->addButton(button, int(resolution));
        resolutionLayout->addWidget(button);
    }
    resolutionLayout->addStretch(1);
    m_resolution->button(int(Pricing::Resolution::P720))->setChecked(true);
    settings->addRow(u"Resolution"_s, resolutionRow);

    m_duration = new DurationPicker(content);
    settings->addRow(u"&Duration"_s, m_duration);

    auto *aspectColumn = new QWidget(content);
    auto *aspectLayout = new QVBoxLayout(aspectColumn);
    aspectLayout->setContentsMargins(0, 0, 0, 0);
    m_aspect = new AspectRatioButtons(aspectColumn);
    aspectLayout->addWidget(m_aspect);
    m_aspectNote = noteLabel(aspectColumn);
    m_aspectNote->setObjectName(u"aspectNote"_s);
    m_aspectNote->setText(u"The first frame sets the shape."_s);
    aspectLayout->addWidget(m_aspectNote);
    settings->addRow(u"Aspect ratio"_s, aspectColumn);
    layout->addLayout(settings);

    m_firstFrameNote = noteLabel(content);
    layout->addWidget(m_firstFrameNote);
    m_firstFrame = new ImageSlot(ImageRole::FirstFrame, u"First frame"_s, ImageSlot::Size::Full, content);
    m_firstFrame->setObjectName(u"firstFrame"_s);
    m_firstFrame->setPlaceholderText(
        u"Optional: the video starts from this picture. Drop, paste (Ctrl+V) or choose an image"_s);
    m_firstFrameDim = new QGraphicsOpacityEffect(m_firstFrame);
    m_firstFrameDim->setOpacity(kDimmedOpacity);
    m_firstFrame->setGraphicsEffect(m_firstFrameDim);
    layout->addWidget(m_firstFrame);
    return content;
}

QWidget *FormPanel::buildReferenceColumn()
{
    auto *content = new QWidget;
    content->setObjectName(u"referenceColumn"_s);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    m_galleryNote = noteLabel(content);
    layout->addWidget(m_galleryNote);
    m_gallery = new ReferenceGallery(content);
    m_galleryDim = new QGraphicsOpacityEffect(m_gallery);
    m_galleryDim->setOpacity(kDimmedOpacity);
    m_gallery->setGraphicsEffect(m_galleryDim);
    layout->addWidget(m_gallery);
    layout->addStretch(1);
    return content;
}

QWidget *FormPanel::buildFooter()
{
    auto *footer = new QFrame(this);
    footer->setFrameShape(QFrame::StyledPanel);
    footer->setAutoFillBackground(true);
    footer->setBackgroundRole(QPalette::Window);
    auto *layout = new QVBoxLayout(footer);
    layout->setSpacing(4);

    auto *costRow = new QHBoxLayout;
    // What the service will do, decided by the images: the one thing a user must never be surprised by.
    m_modeBadge = new QLabel(footer);
    m_modeBadge->setObjectName(u"modeBadge"_s);
    m_modeBadge->setAccessibleName(u"Mode"_s);
    m_modeBadge->setToolTip(u"The mode follows the images you give: none for text to video, a first frame for image "
                            "to video, reference images for reference to video."_s);
    m_modeBadge->setStyleSheet(u"QLabel#modeBadge { background: palette(highlight); color: palette(highlighted-text); "
                               "border-radius: 8px; padding: 2px 10px; font-weight: bold; }"_s);
    costRow->addWidget(m_modeBadge);
    // Which images are sent, when both kinds are given: asked here, beside Generate, where it is in view.
    m_modeChoice = new ModeChoiceBox(footer);
    costRow->addWidget(m_modeChoice);
    m_costLine = new QLabel(footer);
    m_costLine->setObjectName(u"costLine"_s);
    m_costLine->setAccessibleName(u"Cost"_s);
    m_costLine->setToolTip(u"Charged per second of video, sound included. Failed videos are not charged."_s);
    costRow->addWidget(m_costLine, 1);
    auto *takesLabel = new QLabel(u"&Takes"_s, footer);
    m_takes = new QSpinBox(footer);
    m_takes->setObjectName(u"takes"_s);
    m_takes->setRange(1, kMaxTakes);
    m_takes->setAccessibleName(u"Number of takes"_s);
    m_takes->setToolTip(u"Make several videos from these settings at once, each billed on its own. With a seed, "
                        "each take uses the next seed, so every take can be made again."_s);
    takesLabel->setBuddy(m_takes);
    costRow->addWidget(takesLabel);
    costRow->addWidget(m_takes);
    layout->addLayout(costRow);

    m_takesTotal = new QLabel(footer);
    m_takesTotal->setObjectName(u"takesTotal"_s);
    m_takesTotal->setAccessibleName(u"Total cost"_s);
    QFont bold = m_takesTotal->font();
    bold.setBold(true);
    m_takesTotal->setFont(bold);
    layout->addWidget(m_takesTotal);

    m_reason = new QLabel(footer);
    m_reason->setObjectName(u"reason"_s);
    m_reason->setWordWrap(true);
    m_reason->setAccessibleName(u"Why Generate is not available"_s);
    m_reason->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_reason->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // a long file name wraps, never widens
    layout->addWidget(m_reason);

    m_generate = new QPushButton(u"Generate"_s, footer);
    m_generate->setObjectName(u"generateButton"_s);
    m_generate->setAccessibleName(u"Generate"_s);
    m_generate->setToolTip(u"Send this request to make the video (Ctrl+Enter)"_s);
    m_generate->setDefault(true);
    m_generate->setMinimumHeight(m_generate->sizeHint().height() * 3 / 2);
    m_generate->setEnabled(false);
    m_sweep = new QPushButton(u"S&weep…"_s, footer);
    m_sweep->setObjectName(u"sweepButton"_s);
    m_sweep->setAccessibleName(u"Sweep"_s);
    m_sweep->setToolTip(u"Vary one or two settings over this request (seeds, duration, resolution, aspect ratio, mode "
                        "or prompt variants) and send the grid of clips, with the total price shown first"_s);
    m_sweep->setMinimumHeight(m_generate->minimumHeight());
    m_sweep->setEnabled(false);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_sweep);
    buttons->addWidget(m_generate, 1);
    layout->addLayout(buttons);
    return footer;
}

GenerationRequest FormPanel::request() const
{
    GenerationRequest request;
    request.prompt = m_prompt->text();
    request.negativePrompt = m_negative->toPlainText();
    request.resolution = Pricing::Resolution(m_resolution->checkedId());
    request.durationSeconds = m_duration->value();
    request.aspect = m_aspect->aspect();
    request.promptExtend = m_promptExtend->isChecked();
    request.watermark = m_watermark->isChecked();
    request.seed = m_seed->seed();
    request.firstFrame = m_firstFrame->source();
    request.references = m_gallery->sources();
    request.modeChoice = m_modeChoice->choice();
    return request;
}

void FormPanel::setRequest(const GenerationRequest &request)
{
    m_updating = true;
    m_prompt->setText(request.prompt);
    if (request.negativePrompt != m_negative->toPlainText())
        m_negative->setPlainText(request.negativePrompt);
    if (QAbstractButton *button = m_resolution->button(int(request.resolution)))
        button->setChecked(true);
    m_duration->setValue(request.durationSeconds);
    m_aspect->setAspect(request.aspect);
    m_promptExtend->setChecked(request.promptExtend);
    m_watermark->setChecked(request.watermark);
    m_seed->setSeed(request.seed);
    m_firstFrame->setSource(request.firstFrame);
    m_gallery->setSources(request.references);
    m_modeChoice->setChoice(request.modeChoice);
    m_updating = false;
    m_hadConflict = !request.firstFrame.isEmpty() && request.hasReferences();
    const bool acted = m_userActed;
    onFormChanged();
    // Restoring a blank form (a first start) is not the user's doing either.
    if (!acted && request.prompt.trimmed().isEmpty()) {
        m_userActed = false;
        validateNow();
    }
}

FormPanel::Images FormPanel::currentImages() const
{
    return {m_firstFrame->source(), m_gallery->sources()};
}

void FormPanel::recordImageChange()
{
    const Images now = currentImages();
    if (now == m_images)
        return;
    // Filling the form from settings is not an edit to undo: it only moves the starting point.
    if (!m_restoringImages && !m_updating) {
        constexpr qsizetype kMaxUndo = 50;
        m_imageUndo.append(m_images);
        if (m_imageUndo.size() > kMaxUndo)
            m_imageUndo.removeFirst();
        m_imageRedo.clear();
    }
    m_images = now;
    updateUndoActions();
}

bool FormPanel::undoImageChange()
{
    if (m_imageUndo.isEmpty())
        return false;
    m_imageRedo.append(m_images);
    restoreImages(m_imageUndo.takeLast());
    return true;
}

bool FormPanel::redoImageChange()
{
    if (m_imageRedo.isEmpty())
        return false;
    m_imageUndo.append(m_images);
    restoreImages(m_imageRedo.takeLast());
    return true;
}

void FormPanel::restoreImages(const Images &images)
{
    m_restoringImages = true;
    m_firstFrame->setSource(images.firstFrame);
    m_gallery->setSources(images.references);
    m_restoringImages = false;
    m_images = images;
    updateUndoActions();
}

void FormPanel::updateUndoActions()
{
    m_undoImages->setEnabled(!m_imageUndo.isEmpty());
    m_redoImages->setEnabled(!m_imageRedo.isEmpty());
}

int FormPanel::sideBySideWidth() const
{
    // The columns, the scroll area's margins and a vertical scroll bar, should the window be short.
    return m_columns->sideBySideWidth() + 2 * style()->pixelMetric(QStyle::PM_LayoutLeftMargin) +
           style()->pixelMetric(QStyle::PM_ScrollBarExtent) + 4;
}

int FormPanel::takes() const
{
    return m_takes->value();
}

void FormPanel::focusPrompt()
{
    m_prompt->editor()->setFocus(Qt::OtherFocusReason);
}

void FormPanel::onFormChanged()
{
    if (m_updating)
        return;
    const GenerationRequest current = request();
    const bool conflict = !current.firstFrame.isEmpty() && current.hasReferences();
    // A choice answers one conflict: once the first frame or the references are gone, a new conflict asks again.
    if (m_hadConflict && !conflict && m_modeChoice->choice() != GenerationRequest::ModeChoice::Auto) {
        m_hadConflict = false;
        m_modeChoice->setChoice(GenerationRequest::ModeChoice::Auto); // comes back here through choiceChanged
        return;
    }
    m_hadConflict = conflict;
    m_userActed = true;
    ++m_serial;
    updateLiveParts();
    validateNow();
    Q_EMIT requestChanged();
}

void FormPanel::updateLiveParts()
{
    const GenerationRequest current = request();
    const std::optional<GenerationRequest::Mode> mode = current.mode();
    using Mode = GenerationRequest::Mode;

    m_modeBadge->setText(mode ? GenerationRequest::modeName(*mode) : u"Choose a mode"_s);
    m_modeChoice->setVisible(!current.firstFrame.isEmpty() && current.hasReferences());

    const bool imageToVideo = mode == Mode::ImageToVideo;
    m_aspect->setEnabled(!imageToVideo);
    m_aspectNote->setVisible(imageToVideo);

    const bool firstFrameUnused = mode == Mode::ReferenceToVideo && !current.firstFrame.isEmpty();
    const bool referencesUnused = mode == Mode::ImageToVideo && current.hasReferences();
    m_firstFrameDim->setEnabled(firstFrameUnused);
    m_firstFrameNote->setText(u"Not sent: this video uses the reference images."_s);
    m_firstFrameNote->setVisible(firstFrameUnused);
    m_galleryDim->setEnabled(referencesUnused);
    m_galleryNote->setText(u"Not sent: this video starts from the first frame."_s);
    m_galleryNote->setVisible(referencesUnused);
    updateCost();
}

void FormPanel::updateCost()
{
    const GenerationRequest current = request();
    m_costLine->setText(current.costLine());
    const int count = takes();
    m_takesTotal->setText(
        u"%1 takes — %2"_s.arg(QString::number(count), Pricing::formatCents(current.costCents() * count)));
    m_takesTotal->setVisible(count > 1);
    m_generate->setText(count > 1 ? u"Generate %1 takes"_s.arg(count) : u"Generate"_s);
}

void FormPanel::validateNow()
{
    const GenerationRequest current = request();
    // Without local files validation is pure and quick, so the button follows typing at once.
    if (!touchesFiles(current)) {
        applyValidation(m_serial, current.validate());
        return;
    }
    if (!m_validationRunning)
        startValidation();
    // else: when the running check finishes it sees that the form moved on and checks it again.
}

void FormPanel::startValidation()
{
    m_validationRunning = true;
    const quint64 serial = m_serial;
    auto *watcher = new QFutureWatcher<QList<RequestProblem>>(this);
    connect(watcher, &QFutureWatcher<QList<RequestProblem>>::finished, this, [this, watcher, serial] {
        watcher->deleteLater();
        m_validationRunning = false;
        if (serial == m_serial)
            applyValidation(serial, watcher->result());
        else
            validateNow(); // out of date: dropped, and the form as it is now is checked instead
    });
    // Image headers are read from disk: never on the GUI thread.
    watcher->setFuture(QtConcurrent::run([current = request()] { return current.validate(); }));
}

void FormPanel::applyValidation(quint64 serial, const QList<RequestProblem> &problems)
{
    m_validatedSerial = serial;
    m_problems = problems;
    const auto firstError =
        std::find_if(problems.cbegin(), problems.cend(), [](const RequestProblem &p) { return p.isError(); });
    const bool sendable = firstError == problems.cend();
    m_generate->setEnabled(sendable);
    m_sweep->setEnabled(sendable);
    if (!sendable && !m_userActed && firstError->field == RequestProblem::Field::Prompt) {
        // A fresh form is not a mistake: say where to start, in the colour of a hint.
        m_reason->setText(u"Write a prompt to begin: describe what should happen in the video, and its sound."_s);
        m_reason->setStyleSheet({});
        m_reason->setForegroundRole(QPalette::PlaceholderText);
        m_reason->setAccessibleName(u"Hint"_s);
    } else if (!sendable) {
        m_reason->setForegroundRole(QPalette::WindowText);
        m_reason->setText(describeProblem(*firstError));
        m_reason->setStyleSheet(UiColors::problemStyle(palette()));
        m_reason->setAccessibleName(u"Why Generate is not available"_s);
    } else if (!problems.isEmpty()) {
        m_reason->setForegroundRole(QPalette::WindowText);
        m_reason->setText(describeProblem(problems.constFirst())); // a warning: worth knowing, sending is fine
        m_reason->setStyleSheet({});
        m_reason->setAccessibleName(u"Warning"_s);
    } else {
        m_reason->clear();
    }
    m_reason->setVisible(!m_reason->text().isEmpty());

    if (m_sendWhenChecked && m_sendWhenChecked->first == serial) {
        const SendAction action = m_sendWhenChecked->second;
        m_sendWhenChecked.reset();
        if (sendable)
            emitSend(action);
    }
}

void FormPanel::generate()
{
    send(SendAction::Generate);
}

void FormPanel::sweep()
{
    send(SendAction::Sweep);
}

void FormPanel::send(SendAction action)
{
    if (!m_userActed) { // Generate on a fresh form: now the missing prompt is an error worth showing
        m_userActed = true;
        applyValidation(m_validatedSerial, m_problems);
    }
    if (m_validatedSerial != m_serial) {
        m_sendWhenChecked = std::pair(m_serial, action); // done when the check of this very form says it may be
        return;
    }
    const bool sendable =
        std::none_of(m_problems.cbegin(), m_problems.cend(), [](const RequestProblem &p) { return p.isError(); });
    if (sendable)
        emitSend(action);
}

void FormPanel::emitSend(SendAction action)
{
    const GenerationRequest current = request();
    if (action == SendAction::Sweep) {
        // The seed stays as it is: the sweep may vary it, or keep it fixed on purpose.
        Q_EMIT sweepRequested(current);
        return;
    }
    Q_EMIT generateRequested(current, takes());
    // Unlocked, a seed is for one generation: the next one is random again (see the lock's tooltip).
    if (current.seed && !m_seed->isLocked())
        m_seed->setSeed(std::nullopt);
}
