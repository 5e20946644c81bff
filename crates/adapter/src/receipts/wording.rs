//! The receipt's words in Kazakh and Russian. The app's message files are not available to
//! the adapter, so the few labels live here, side by side; keep them short and formal.

use qyzmet_domain::Lang;

/// Every label of the receipt, in one language.
#[derive(Debug)]
pub struct Wording {
    pub title: &'static str,
    pub number: &'static str,
    pub submitted_at: &'static str,
    /// After the time: the receipt shows Kazakhstan's time, UTC+5.
    pub time_zone: &'static str,
    pub service: &'static str,
    pub document_count: &'static str,
    pub accepted_by: &'static str,
    /// Who accepted it when that is `portal`.
    pub portal: &'static str,
    /// When and where the result will be issued (its due date from the regulation).
    pub result_due: &'static str,
    pub result_place: &'static str,
    /// Where a portal request's result comes.
    pub cabinet: &'static str,
    /// After a due date that lies in a year whose calendar is not confirmed.
    pub estimated: &'static str,
    pub applicant: &'static str,
    pub representative: &'static str,
    pub iin: &'static str,
    pub phone: &'static str,
    pub scan: &'static str,
    pub generated: &'static str,
}

const KK: Wording = Wording {
    title: "Мемлекеттік қызметке құжаттарды қабылдау туралы қолхат",
    number: "Өтініштің нөмірі",
    submitted_at: "Өтініш берілген күні мен уақыты",
    time_zone: "Астана уақыты",
    service: "Мемлекеттік көрсетілетін қызметтің түрі",
    document_count: "Қоса берілген құжаттар саны",
    accepted_by: "Құжаттарды қабылдаған",
    portal: "Qyzmet порталы",
    result_due: "Нәтиже берілетін мерзім",
    result_place: "Нәтиже берілетін орын",
    cabinet: "Qyzmet порталындағы жеке кабинет",
    estimated: "алдын ала: жұмыс күндерінің күнтізбесі әлі бекітілмеген",
    applicant: "Өтініш беруші",
    representative: "Өкіл",
    iin: "ЖСН",
    phone: "Телефон",
    scan: "Өтініштің порталдағы парағын ашу үшін QR-кодты сканерлеңіз:",
    generated: "Қолхат Qyzmet порталында электрондық түрде қалыптастырылды.",
};

const RU: Wording = Wording {
    title: "Расписка о приеме документов на оказание государственной услуги",
    number: "Номер заявления",
    submitted_at: "Дата и время подачи",
    time_zone: "время Астаны",
    service: "Вид государственной услуги",
    document_count: "Количество приложенных документов",
    accepted_by: "Документы принял",
    portal: "портал Qyzmet",
    result_due: "Срок выдачи результата",
    result_place: "Место выдачи результата",
    cabinet: "личный кабинет на портале Qyzmet",
    estimated: "предварительно: производственный календарь еще не утвержден",
    applicant: "Заявитель",
    representative: "Представитель",
    iin: "ИИН",
    phone: "Телефон",
    scan: "Отсканируйте QR-код, чтобы открыть страницу заявления на портале:",
    generated: "Расписка сформирована в электронном виде на портале Qyzmet.",
};

pub fn wording(lang: Lang) -> &'static Wording {
    match lang {
        Lang::Kk => &KK,
        Lang::Ru => &RU,
    }
}

/// The labels of a provider's result as a PDF, in one language.
#[derive(Debug)]
pub struct ResultWording {
    pub title: &'static str,
    pub number: &'static str,
    pub service: &'static str,
    pub applicant: &'static str,
    pub iin: &'static str,
    pub provider: &'static str,
    pub decision: &'static str,
    pub refused: &'static str,
    pub grounds: &'static str,
    pub comment: &'static str,
    pub queue_number: &'static str,
    pub signed_at: &'static str,
    pub signer: &'static str,
    pub digest: &'static str,
    pub valid: &'static str,
    pub invalid: &'static str,
    pub scan: &'static str,
    pub time_zone: &'static str,
}

const RESULT_KK: ResultWording = ResultWording {
    title: "Мемлекеттік қызметті көрсету нәтижесі",
    number: "Өтініштің нөмірі",
    service: "Мемлекеттік көрсетілетін қызметтің түрі",
    applicant: "Көрсетілетін қызметті алушы",
    iin: "ЖСН",
    provider: "Көрсетілетін қызметті беруші",
    decision: "Шешім",
    refused: "мемлекеттік қызметті көрсетуден бас тарту туралы дәлелді жауап",
    grounds: "Бас тарту негіздері",
    comment: "Түсініктеме",
    queue_number: "Кезектің реттік нөмірі",
    signed_at: "Қол қойылған уақыты",
    signer: "Қол қойған (сертификат)",
    digest: "Қол қойылған деректердің SHA-256 хэші",
    valid: "Көрсетілетін қызметті берушінің ЭЦҚ-сы тексерілді: жарамды.",
    invalid: "ЭЦҚ тексеруден өтпеді.",
    scan: "Қол қойылған түпнұсқа мен қолтаңба өтініштің порталдағы парағында:",
    time_zone: "Астана уақыты",
};

const RESULT_RU: ResultWording = ResultWording {
    title: "Результат оказания государственной услуги",
    number: "Номер заявления",
    service: "Вид государственной услуги",
    applicant: "Услугополучатель",
    iin: "ИИН",
    provider: "Услугодатель",
    decision: "Решение",
    refused: "мотивированный ответ об отказе в оказании государственной услуги",
    grounds: "Основания отказа",
    comment: "Комментарий",
    queue_number: "Порядковый номер очереди",
    signed_at: "Время подписания",
    signer: "Подписал (сертификат)",
    digest: "Хэш SHA-256 подписанных данных",
    valid: "ЭЦП услугодателя проверена: действительна.",
    invalid: "ЭЦП не прошла проверку.",
    scan: "Подписанный оригинал и подпись — на странице заявления на портале:",
    time_zone: "время Астаны",
};

pub fn result_wording(lang: Lang) -> &'static ResultWording {
    match lang {
        Lang::Kk => &RESULT_KK,
        Lang::Ru => &RESULT_RU,
    }
}

/// The labels of a receipt refusing intake (001 §10, 002 §12), in one language.
#[derive(Debug)]
pub struct RefusalWording {
    pub title: &'static str,
    pub number: &'static str,
    pub at: &'static str,
    pub centre: &'static str,
    pub operator: &'static str,
    pub reason: &'static str,
    pub again: &'static str,
}

const REFUSAL_KK: RefusalWording = RefusalWording {
    title: "Құжаттарды қабылдаудан бас тарту туралы қолхат",
    number: "Қолхаттың нөмірі",
    at: "Берілген күні мен уақыты",
    centre: "Халыққа қызмет көрсету орталығы",
    operator: "Орталықтың қызметкері",
    reason: "Құжаттар топтамасы толық емес: келесі құжаттар жетпейді",
    again: "Жетпейтін құжаттармен орталыққа қайта жүгінуге болады.",
};

const REFUSAL_RU: RefusalWording = RefusalWording {
    title: "Расписка об отказе в приеме документов",
    number: "Номер расписки",
    at: "Дата и время выдачи",
    centre: "Центр обслуживания населения",
    operator: "Работник центра",
    reason: "Пакет документов неполный: недостает следующих документов",
    again: "С недостающими документами можно обратиться в центр повторно.",
};

pub fn refusal_wording(lang: Lang) -> &'static RefusalWording {
    match lang {
        Lang::Kk => &REFUSAL_KK,
        Lang::Ru => &REFUSAL_RU,
    }
}
