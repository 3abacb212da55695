#pragma once

#include "api/GenerationRequest.h"

#include <QList>
#include <QWidget>

#include <optional>

class AdaptiveColumns;
class QAction;
class AspectRatioButtons;
class DurationPicker;
class ImageSlot;
class ModeChoiceBox;
class PromptEditor;
class QButtonGroup;
class QCheckBox;
class QGraphicsOpacityEffect;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QToolButton;
class ReferenceGallery;
class SeedEditor;
class QMimeData;
class QDragEnterEvent;
class QDropEvent;

// The playground's left-hand form: every setting of one generation, its price, and the Generate button. It shows
// what GenerationRequest decides (mode, cost, problems) and never sends a request that request says is not sendable.
class FormPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FormPanel)

public:
    explicit FormPanel(QWidget *parent = nullptr);
    ~FormPanel() override;

    GenerationRequest request() const;                 // what the form says now (images as ImageSource)
    void setRequest(const GenerationRequest &request); // fills every control, e.g. to restore the last form
    int takes() const;                                 // 1..8
    // Wide enough for the settings and the reference images side by side.
    int sideBySideWidth() const;
    void focusPrompt();

    // Generate, as the button and Ctrl+Enter do: emits generateRequested once the current form is known to be
    // sendable (at once, or when the check of its images finishes), otherwise shows why not.
    void generate();
    // Sweep…: as generate(), but emits sweepRequested, for the window to ask what to vary.
    void sweep();

    // Image changes (add, replace, remove, reorder, clear, in the first frame or the gallery) undo and redo, as
    // Ctrl+Z and Ctrl+Shift+Z do while the focus is in the form but not in a text box (which keeps its own undo).
    bool undoImageChange();
    bool redoImageChange();
    bool canUndoImageChange() const { return !m_imageUndo.isEmpty(); }
    QAction *undoImageAction() const { return m_undoImages; }
    QAction *redoImageAction() const { return m_redoImages; }

    // The local MP4/MOV file a drop offers (exactly one), or empty: what the form takes as "restore this recipe".
    static QString droppedClip(const QMimeData *mime);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

Q_SIGNALS:
    void generateRequested(const GenerationRequest &request, int takes); // only emitted when the request is sendable
    void sweepRequested(const GenerationRequest &request);               // the same: the recipe to vary
    // A video file was dropped on the form: the window reads its recipe into the form.
    void recipeDropped(const QString &clipPath);
    void requestChanged();

private:
    struct Images
    {
        ImageSource firstFrame;
        QList<ImageSource> references;
        friend bool operator==(const Images &, const Images &) = default;
    };
    Images currentImages() const;
    void recordImageChange();
    void restoreImages(const Images &images);
    void updateUndoActions();
    QWidget *buildContent();
    QWidget *buildSettingsColumn();
    QWidget *buildReferenceColumn();
    QWidget *buildFooter();
    void onFormChanged();
    void updateLiveParts();
    void updateCost();
    void validateNow();
    void startValidation();
    void applyValidation(quint64 serial, const QList<RequestProblem> &problems);
    enum class SendAction
    {
        Generate,
        Sweep
    };
    void send(SendAction action);
    void emitSend(SendAction action);

    AdaptiveColumns *m_columns = nullptr;
    PromptEditor *m_prompt = nullptr;
    QPlainTextEdit *m_negative = nullptr;
    QCheckBox *m_promptExtend = nullptr;
    QCheckBox *m_watermark = nullptr;
    SeedEditor *m_seed = nullptr;
    QButtonGroup *m_resolution = nullptr;
    DurationPicker *m_duration = nullptr;
    AspectRatioButtons *m_aspect = nullptr;
    QLabel *m_aspectNote = nullptr;
    QLabel *m_modeBadge = nullptr;
    ModeChoiceBox *m_modeChoice = nullptr;
    ImageSlot *m_firstFrame = nullptr;
    QLabel *m_firstFrameNote = nullptr;
    ReferenceGallery *m_gallery = nullptr;
    QLabel *m_galleryNote = nullptr;
    QGraphicsOpacityEffect *m_firstFrameDim = nullptr;
    QGraphicsOpacityEffect *m_galleryDim = nullptr;
    QLabel *m_costLine = nullptr;
    QSpinBox *m_takes = nullptr;
    QLabel *m_takesTotal = nullptr;
    QLabel *m_reason = nullptr;
    QPushButton *m_generate = nullptr;
    QPushButton *m_sweep = nullptr;
    QAction *m_undoImages = nullptr;
    QAction *m_redoImages = nullptr;

    Images m_images;              // as they were after the last change: what an undo goes back from
    QList<Images> m_imageUndo;    // oldest first
    QList<Images> m_imageRedo;
    bool m_restoringImages = false;

    bool m_updating = false;    // setRequest() is filling the controls: one change at the end, not one per control
    bool m_hadConflict = false;
    bool m_userActed = false;   // the user changed something or asked to generate: missing input is an error now // the form had both a first frame and references at the last change
    quint64 m_serial = 0;       // bumped on every change of the form
    quint64 m_validatedSerial = 0;
    bool m_validationRunning = false;
    QList<RequestProblem> m_problems;             // of m_validatedSerial
    // Generate or Sweep was asked for this serial before its check finished: done when the check says it may be.
    std::optional<std::pair<quint64, SendAction>> m_sendWhenChecked;
};
