#pragma once

#include <QWidget>

class QLabel;
class QPlainTextEdit;

// The prompt box with a live count of characters against what the service reads (5,000, or 2,500 in Chinese).
class PromptEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PromptEditor)

public:
    explicit PromptEditor(QWidget *parent = nullptr);

    QString text() const;
    void setText(const QString &text);
    QPlainTextEdit *editor() const { return m_editor; }
    QString counterText() const;

Q_SIGNALS:
    void textChanged();

protected:
    void changeEvent(QEvent *event) override;

private:
    void updateCounter();

    QPlainTextEdit *m_editor = nullptr;
    QLabel *m_counter = nullptr;
};
