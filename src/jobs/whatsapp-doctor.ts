import { CloudApiFailure } from '../connectors/whatsapp/cloud-api.js';
import type { DoctorCheck } from './doctor.js';
import type { FirstContactTemplate } from './whatsapp-blast.js';

export interface WhatsAppProbe {
  phoneNumber(): Promise<{ displayPhoneNumber: string; verifiedName: string; qualityRating: string }>;
}

/**
 * `doctor` with whatsapp.mode api: the token and the number (one read from Meta), and the FU1
 * template Odoo would send. The app secret and verify token are required by the config.
 */
export async function checkWhatsApp(
  probe: WhatsAppProbe,
  template: () => Promise<FirstContactTemplate | null>,
  refusals: () => Promise<{ count: number; latest: string | null }> = async () => ({
    count: 0,
    latest: null,
  }),
): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  try {
    const number = await probe.phoneNumber();
    checks.push({
      name: 'whatsapp',
      status: number.qualityRating === 'RED' ? 'warn' : 'ok',
      detail: `token accepted; number ${number.displayPhoneNumber} (${number.verifiedName}), quality ${number.qualityRating || 'unknown'}`,
      ...(number.qualityRating === 'RED'
        ? {
            fix: 'Meta rates the number RED: fewer messages are delivered and the messaging limit may drop. Check the templates’ quality in WhatsApp Manager.',
          }
        : {}),
    });
  } catch (error) {
    const refused =
      error instanceof CloudApiFailure && error.result.outcome === 'rejected' ? error.result.error : null;
    checks.push({
      name: 'whatsapp',
      status: 'fail',
      detail: error instanceof Error ? error.message : String(error),
      ...(refused && (refused.code === 190 || refused.code === 0)
        ? {
            cause: 'The system-user token is expired or revoked.',
            fix: 'Make a new system-user token in Meta Business Settings (whatsapp_business_messaging, whatsapp_business_management) and set WHATSAPP_TOKEN.',
          }
        : refused && refused.code === 100
          ? {
              cause: 'The phone number ID is not this token’s.',
              fix: 'Copy the phone number ID from WhatsApp Manager → API Setup into WHATSAPP_PHONE_NUMBER_ID.',
            }
          : { fix: 'Check WHATSAPP_API_URL and the network to graph.facebook.com.' }),
    });
    return checks;
  }
  const fu1 = await template();
  checks.push(
    fu1
      ? {
          name: 'whatsapp template',
          status: 'ok',
          detail: `FU1 sends ${fu1.name} (${fu1.language}, ${fu1.category}), ${fu1.sources.length} parameter(s)`,
        }
      : {
          name: 'whatsapp template',
          status: 'warn',
          detail: 'no approved FU1 template: the blast sends nothing',
          fix: 'Run `npx h23-bridge whatsapp templates sync`, then in CRM H23 → Konfigurasi → Template WhatsApp choose FU1 on an approved template and map its parameters.',
        },
  );
  const refused = await refusals();
  if (refused.count > 0) {
    checks.push({
      name: 'whatsapp blast',
      status: 'fail',
      detail: `${refused.count} FU1 message(s) waiting: WhatsApp refused them for the dealer's reason: ${refused.latest ?? ''}`,
      fix: 'Fix the cause in WhatsApp Manager (template, payment, number quality), run `npx h23-bridge whatsapp templates sync`, then the next blast sends them.',
    });
  }
  return checks;
}
