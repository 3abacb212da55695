#pragma once

#include "storyboard/Storyboard.h"

#include <QWidget>

class ImageSlot;
class Library;
class QCheckBox;
class QComboBox;
class QLabel;
class QListWidget;
class PromptEditor;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTimer;
class ReferenceGallery;

// Edits one shot of a storyboard: its prompt, the length and resolution it may take instead of the storyboard's,
// whether it continues from the previous shot's last frame or starts from images of its own, and which of its takes
// is the chosen one. Every change goes out as edited(); the window stores it. Nothing is sent from here: generating
// is asked for with generateRequested(), which the window prices and guards.
class ShotEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ShotEditor)

public:
    // library: where the takes' jobs are looked up.
    explicit ShotEditor(const Library *library, QWidget *parent = nullptr);
    ~ShotEditor() override;

    // Shows shot index of board (-1: none). The same shot shown again keeps what is being typed and the take
    // selected; only its takes and marks are brought up to date.
    void showShot(const Storyboard &board, int index);
    qint64 shotId() const { return m_shot.id; }
    // The shot as edited (prompt, overrides, link and own images).
    Shot shot() const;
    // The take selected in the list of takes, 0 when none.
    qint64 selectedTake() const;
    // Says what generating this shot costs, or why it cannot be generated now (an empty price: disabled).
    void setGenerateState(const QString &label, bool enabled, const QString &why);
    // Stores a prompt still being typed at once (before the shot is left or generated).
    void flush();

    QPlainTextEdit *promptEdit() const { return m_prompt; }
    QCheckBox *linkBox() const { return m_link; }
    QListWidget *takeList() const { return m_takes; }
    QPushButton *generateButton() const { return m_generate; }
    QPushButton *chooseButton() const { return m_choose; }
    QCheckBox *ownDurationBox() const { return m_ownDuration; }
    QSpinBox *durationSpin() const { return m_duration; }
    QComboBox *resolutionBox() const { return m_resolution; }
    ImageSlot *firstFrameSlot() const { return m_firstFrame; }

Q_SIGNALS:
    void edited(const Shot &shot);
    void chooseTakeRequested(qint64 generationId);
    void playTakeRequested(qint64 generationId);
    void generateRequested();

private:
    void emitEdited();
    void updateEnabled();
    void fillTakes(const Storyboard &board, int index);
    void updateTakeButtons();

    const Library *m_library;
    Shot m_shot;
    bool m_filling = false; // showing a shot: changes are not edits
    QLabel *m_heading;
    QLabel *m_stale;
    PromptEditor *m_promptBox;
    QPlainTextEdit *m_prompt; // m_promptBox's
    QTimer *m_promptPause;
    QCheckBox *m_ownDuration;
    QSpinBox *m_duration;
    QComboBox *m_resolution;
    QCheckBox *m_link;
    QWidget *m_ownImages;
    ImageSlot *m_firstFrame;
    ReferenceGallery *m_references;
    QListWidget *m_takes;
    QPushButton *m_choose;
    QPushButton *m_play;
    QPushButton *m_generate;
    QLabel *m_generateWhy;
};
